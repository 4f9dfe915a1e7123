package io.cachekit.writebehind;

import java.time.Duration;
import java.util.Map;

import io.cachekit.test.DevServices;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link KafkaHealthIndicator} against a real broker.
 */
class KafkaHealthIndicatorIntegrationTests {

	@Test
	void runningClusterIsUpWithItsDetails() {
		KafkaHealthIndicator indicator = new KafkaHealthIndicator(
				Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, DevServices.shared().kafkaBootstrapServers()),
				Duration.ofSeconds(5));
		try {
			Health health = indicator.health();
			assertThat(health.getStatus().getCode()).isEqualTo("UP");
			assertThat(health.getDetails()).containsKey("clusterId").containsEntry("nodes", 1);
		}
		finally {
			indicator.destroy();
		}
	}

}
