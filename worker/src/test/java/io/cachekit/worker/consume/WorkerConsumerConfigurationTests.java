package io.cachekit.worker.consume;

import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;

import io.cachekit.worker.WorkerProperties;
import io.cachekit.writebehind.envelope.WriteBehindEnvelopeCodec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the write-behind consumer of {@link WorkerKafkaConfiguration}: what it sets on top of Spring Boot's
 * consumer properties, and what it leaves to them.
 */
class WorkerConsumerConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class));

	@Test
	void batchesCommitManuallyFromTheEarliestOffset() {
		this.contextRunner.withPropertyValues("spring.kafka.bootstrap-servers=127.0.0.1:1")
			.run((context) -> assertThat(consumerConfig(context))
				.containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)
				.containsEntry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000)
				.containsEntry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
	}

	@Test
	void bootsConsumerPropertiesWin() {
		this.contextRunner
			.withPropertyValues("spring.kafka.consumer.fetch-min-size=1B", "spring.kafka.consumer.fetch-max-wait=5ms",
					"spring.kafka.consumer.auto-offset-reset=latest")
			.run((context) -> assertThat(consumerConfig(context))
				.containsEntry(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1)
				.containsEntry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5)
				.containsEntry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest"));
	}

	private static Map<String, Object> consumerConfig(AssertableApplicationContext context) {
		assertThat(context).hasNotFailed();
		DefaultKafkaConsumerFactory<Object, Object> factory = new DefaultKafkaConsumerFactory<>(
				context.getBean(KafkaProperties.class).buildConsumerProperties());
		new WorkerKafkaConfiguration()
			.writeBehindConsumerFactoryCustomizer(new WriteBehindEnvelopeCodec(new JsonMapper()), new WorkerProperties())
			.customize(factory);
		return factory.getConfigurationProperties();
	}

}
