package io.cachekit.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Settings of cachekit's Kafka health indicator ({@code cachekit.health.kafka.*}). Checked once bound: a bad
 * value fails startup naming the property.
 */
@ConfigurationProperties("cachekit.health.kafka")
public class KafkaHealthProperties implements Validator {

	/**
	 * Longest a health check waits for the cluster to describe itself.
	 */
	private Duration timeout = Duration.ofSeconds(2);

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

	@Override
	public boolean supports(Class<?> type) {
		return KafkaHealthProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		new PropertyRules(errors, "cachekit.health.kafka.").positive("timeout", this.timeout, "It must be positive.");
	}

}
