package io.cachekit.autoconfigure;

import io.cachekit.writebehind.KafkaHealthIndicator;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CachekitKafkaHealthAutoConfiguration}.
 */
class CachekitKafkaHealthAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(KafkaAutoConfiguration.class, CachekitKafkaHealthAutoConfiguration.class));

	@Test
	void healthIndicatorIsAutoConfigured() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(KafkaHealthIndicator.class)
			.hasBean("kafkaHealthIndicator"));
	}

	@Test
	void backsOffWithoutKafka() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(CachekitKafkaHealthAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(KafkaHealthIndicator.class));
	}

	@Test
	void backsOffWhenKafkaHealthIsDisabled() {
		this.contextRunner.withPropertyValues("management.health.kafka.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(KafkaHealthIndicator.class));
	}

	@Test
	void backsOffWhenCachekitIsDisabled() {
		this.contextRunner.withPropertyValues("cachekit.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(KafkaHealthIndicator.class));
	}

	@Test
	void userIndicatorBacksOff() {
		this.contextRunner.withBean("kafkaHealthIndicator", HealthIndicator.class, () -> () -> Health.up().build())
			.run((context) -> assertThat(context).doesNotHaveBean(KafkaHealthIndicator.class));
	}

	@Test
	void zeroTimeoutFailsStartup() {
		this.contextRunner.withPropertyValues("cachekit.health.kafka.timeout=0s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("cachekit.health.kafka.timeout"));
	}

	@Test
	void unreachableClusterIsDownWithinTheTimeout() {
		this.contextRunner
			.withPropertyValues("spring.kafka.bootstrap-servers=127.0.0.1:1", "cachekit.health.kafka.timeout=500ms")
			.run((context) -> {
				long start = System.nanoTime();
				Health health = context.getBean(KafkaHealthIndicator.class).health();
				assertThat(health.getStatus().getCode()).isEqualTo("DOWN");
				assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
			});
	}

}
