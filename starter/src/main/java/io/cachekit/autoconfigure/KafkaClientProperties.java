package io.cachekit.autoconfigure;

import java.util.Map;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SslConfigs;

import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.kafka.autoconfigure.SslBundleSslEngineFactory;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.util.StringUtils;

/**
 * Settings of cachekit's own Kafka clients, built as Spring Boot builds those of its producer factory:
 * {@code spring.kafka.*} first, then the bootstrap servers, security protocol and SSL bundle of the
 * {@link KafkaConnectionDetails}. Boot leaves a bundle ({@code spring.kafka.ssl.bundle}) out of
 * {@code spring.kafka.*}: it applies it only from the connection details, through its
 * {@link SslBundleSslEngineFactory}.
 */
final class KafkaClientProperties {

	private KafkaClientProperties() {
	}

	/**
	 * Settings of a producer.
	 * @param properties Spring Boot's Kafka properties
	 * @param connectionDetails where and how to connect
	 * @return a new, modifiable map
	 */
	static Map<String, Object> producer(KafkaProperties properties, KafkaConnectionDetails connectionDetails) {
		Map<String, Object> producer = properties.buildProducerProperties();
		KafkaConnectionDetails.Configuration connection = connectionDetails.getProducer();
		producer.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, connection.getBootstrapServers());
		if (StringUtils.hasLength(connection.getSecurityProtocol())) {
			producer.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, connection.getSecurityProtocol());
		}
		SslBundle sslBundle = connection.getSslBundle();
		if (sslBundle != null) {
			producer.put(SslConfigs.SSL_ENGINE_FACTORY_CLASS_CONFIG, SslBundleSslEngineFactory.class);
			producer.put(SslBundle.class.getName(), sslBundle);
		}
		return producer;
	}

}
