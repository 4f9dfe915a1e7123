package io.cachekit.writebehind;

import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.redisson.spring.starter.RedissonAutoConfigurationV4;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.cachekit.autoconfigure.CachekitWriteBehindAutoConfiguration;
import io.cachekit.test.DevService;
import io.cachekit.test.DevServices;
import io.cachekit.test.FreePorts;
import io.cachekit.test.ImportDevServices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The publisher meter against a real Kafka broker: {@code cachekit.write-behind.publish} times each save's wait
 * for the broker's acknowledgement, per entity type and outcome, through the application's observation registry.
 */
class WriteBehindPublishMetersIntegrationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, KafkaAutoConfiguration.class,
				RedissonAutoConfigurationV4.class, CachekitWriteBehindAutoConfiguration.class))
		.withUserConfiguration(ObservedConfiguration.class)
		.withPropertyValues("spring.application.name=shop",
				"spring.kafka.bootstrap-servers=" + DevServices.shared().kafkaBootstrapServers(),
				"cachekit.namespace=wb-meters-" + UUID.randomUUID());

	@Test
	void acknowledgedSavesAreTimedPerEntityType() {
		this.contextRunner.run((context) -> {
			WriteBehindTemplate template = context.getBean(WriteBehindTemplate.class);
			template.save("account", "1", new Account("1", "Ada"));
			template.save("account", "2", new Account("2", "Alan"));
			Timer acknowledged = timer(context.getBean(MeterRegistry.class), "acknowledged");
			assertThat(acknowledged.count()).isEqualTo(2);
			assertThat(acknowledged.totalTime(TimeUnit.NANOSECONDS)).isPositive();
			assertThat(context.getBean(MeterRegistry.class).find(KafkaEnvelopePublisher.PUBLISH)
				.tag("outcome", "failed")
				.timer()).isNull();
		});
	}

	@Test
	void unacknowledgedSavesAreCountedAsFailed() {
		this.contextRunner
			.withPropertyValues("spring.kafka.bootstrap-servers=127.0.0.1:" + FreePorts.find(),
					"cachekit.write-behind.producer.max-block=300ms", "cachekit.write-behind.producer.ack-timeout=1s")
			.run((context) -> {
				WriteBehindTemplate template = context.getBean(WriteBehindTemplate.class);
				assertThatExceptionOfType(WriteBehindUnavailableException.class)
					.isThrownBy(() -> template.save("account", "3", new Account("3", "Grace")));
				assertThat(timer(context.getBean(MeterRegistry.class), "failed").count()).isEqualTo(1);
			});
	}

	private static Timer timer(MeterRegistry meters, String outcome) {
		return meters.get(KafkaEnvelopePublisher.PUBLISH).tags("type", "account", "outcome", outcome).timer();
	}

	record Account(String id, String name) {
	}

	@Configuration(proxyBeanMethods = false)
	@ImportDevServices(DevService.REDIS)
	static class ObservedConfiguration {

		@Bean
		SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		ObservationRegistry observationRegistry(SimpleMeterRegistry meters) {
			ObservationRegistry observations = ObservationRegistry.create();
			observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
			return observations;
		}

	}

}
