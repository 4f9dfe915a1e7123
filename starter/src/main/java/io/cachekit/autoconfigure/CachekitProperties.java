package io.cachekit.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

import io.cachekit.keys.CachekitKeys;

/**
 * What every part of cachekit shares ({@code cachekit.*}): the switch and the namespace from which every
 * Redis key, pub/sub channel and Kafka topic name is derived. Checked once bound: a bad value fails startup
 * naming the property.
 */
@ConfigurationProperties("cachekit")
public class CachekitProperties implements Validator {

	/**
	 * Whether cachekit is enabled at all.
	 */
	private boolean enabled = true;

	/**
	 * First segment of every Redis key, channel and Kafka topic cachekit derives, so that applications sharing a
	 * Redis or a Kafka cluster never collide: letters, digits, '.', '_' or '-'. Defaults to
	 * spring.application.name (other characters become '-'), or "app". The worker must use the same.
	 */
	private String namespace;

	/**
	 * Longest encoded key segment stored as is; longer ones keep a readable prefix and their SHA-256. The
	 * worker must use the same.
	 */
	private int maxKeyLength = 256;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getNamespace() {
		return this.namespace;
	}

	public void setNamespace(String namespace) {
		this.namespace = namespace;
	}

	public int getMaxKeyLength() {
		return this.maxKeyLength;
	}

	public void setMaxKeyLength(int maxKeyLength) {
		this.maxKeyLength = maxKeyLength;
	}

	@Override
	public boolean supports(Class<?> type) {
		return CachekitProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		PropertyRules rules = new PropertyRules(errors, "cachekit.");
		if (this.namespace != null) {
			rules.require(this.namespace.matches(CachekitKeys.NAMESPACE_PATTERN), "namespace", this.namespace,
					"A namespace is 1 to 100 letters, digits, '.', '_' or '-'; remove it to use spring.application.name.");
		}
		rules.atLeast("max-key-length", this.maxKeyLength, 113);
	}

}
