package io.cachekit.worker;

import java.util.Map;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SslConfigs;

import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.kafka.autoconfigure.SslBundleSslEngineFactory;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.util.StringUtils;

/**
 * Settings of the Kafka clients the worker builds itself (the dead-letter producer, the replay's consumer and
 * producer), built as Spring Boot builds those of its own factories: {@code spring.kafka.*} first, then the
 * bootstrap servers, security protocol and SSL bundle of the {@link KafkaConnectionDetails}. Boot leaves a
 * bundle ({@code spring.kafka.ssl.bundle}) out of {@code spring.kafka.*}: it applies it only from the
 * connection details, through its {@link SslBundleSslEngineFactory}.
 */
public final class KafkaClientProperties {

	private KafkaClientProperties() {
	}

	/**
	 * Settings of a producer.
	 * @param properties Spring Boot's Kafka properties
	 * @param connectionDetails where and how to connect
	 * @return a new, modifiable map
	 */
	public static Map<String, Object> producer(KafkaProperties properties, KafkaConnectionDetails connectionDetails) {
		return apply(properties.buildProducerProperties(), connectionDetails.getProducer());
	}

	/**
	 * Settings of a consumer.
	 * @param properties Spring Boot's Kafka properties
	 * @param connectionDetails where and how to connect
	 * @return a new, modifiable map
	 */
	public static Map<String, Object> consumer(KafkaProperties properties, KafkaConnectionDetails connectionDetails) {
		return apply(properties.buildConsumerProperties(), connectionDetails.getConsumer());
	}

	private static Map<String, Object> apply(Map<String, Object> config,
			KafkaConnectionDetails.Configuration connection) {
		config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, connection.getBootstrapServers());
		if (StringUtils.hasLength(connection.getSecurityProtocol())) {
			config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, connection.getSecurityProtocol());
		}
		SslBundle sslBundle = connection.getSslBundle();
		if (sslBundle != null) {
			config.put(SslConfigs.SSL_ENGINE_FACTORY_CLASS_CONFIG, SslBundleSslEngineFactory.class);
			config.put(SslBundle.class.getName(), sslBundle);
		}
		return config;
	}

}
