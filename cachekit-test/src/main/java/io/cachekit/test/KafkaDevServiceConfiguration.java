package io.cachekit.test;

import java.util.Arrays;
import java.util.List;

import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Connects Spring for Apache Kafka to the dev-services broker.
 */
@Configuration(proxyBeanMethods = false)
class KafkaDevServiceConfiguration {

	@Bean
	KafkaConnectionDetails devServicesKafkaConnectionDetails() {
		List<String> servers = Arrays.asList(DevServices.shared().kafkaBootstrapServers().split(","));
		return () -> servers;
	}

}
