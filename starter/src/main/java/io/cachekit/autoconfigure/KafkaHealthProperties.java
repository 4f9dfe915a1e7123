package io.cachekit.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Settings of cachekit's Kafka health indicator ({@code cachekit.health.kafka.*}).
 */
@ConfigurationProperties("cachekit.health.kafka")
public class KafkaHealthProperties {

	/**
	 * Longest a health check waits for the cluster to describe itself.
	 */
	private Duration timeout = Duration.ofSeconds(2);

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		if (timeout == null || timeout.isNegative() || timeout.isZero()) {
			throw new InvalidConfigurationPropertyValueException("cachekit.health.kafka.timeout", timeout,
					"It must be positive.");
		}
		this.timeout = timeout;
	}

}
