package io.cachekit.worker;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import io.cachekit.keys.CachekitKeys;
import io.cachekit.keys.KeyEncoder;

/**
 * The names the worker shares with the applications it serves: the Redis keys derived from
 * {@code cachekit.namespace} (required: it must be the applications') and the topics it consumes and
 * dead-letters to.
 */
@Configuration(proxyBeanMethods = false)
public class WorkerNamesConfiguration {

	@Bean
	CachekitKeys cachekitKeys(Environment environment) {
		String namespace = environment.getProperty("cachekit.namespace");
		if (namespace == null || !namespace.matches(CachekitKeys.NAMESPACE_PATTERN)) {
			throw new InvalidConfigurationPropertyValueException("cachekit.namespace", namespace,
					"The worker persists the updates of one application namespace: set cachekit.namespace to the "
							+ "applications' (their cachekit.namespace or spring.application.name, e.g. shop).");
		}
		int maxKeyLength = environment.getProperty("cachekit.max-key-length", Integer.class,
				CachekitKeys.DEFAULT_MAX_KEY_LENGTH);
		if (maxKeyLength < 113) {
			throw new InvalidConfigurationPropertyValueException("cachekit.max-key-length", maxKeyLength,
					"The maximum key length must be at least 113, and the applications'.");
		}
		return new CachekitKeys(new KeyEncoder(maxKeyLength), namespace);
	}

	@Bean
	WorkerTopics workerTopics(WorkerProperties properties, CachekitKeys keys) {
		String topic = (properties.getTopic() != null) ? properties.getTopic() : keys.writeBehindTopic();
		String deadLetter = (properties.getDeadLetterTopic() != null) ? properties.getDeadLetterTopic()
				: topic + ".dlt";
		return new WorkerTopics(topic, deadLetter);
	}

}
