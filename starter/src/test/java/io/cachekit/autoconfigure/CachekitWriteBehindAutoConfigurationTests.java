package io.cachekit.autoconfigure;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.cachekit.writebehind.EnvelopePublisher;
import io.cachekit.writebehind.KafkaEnvelopePublisher;
import io.cachekit.writebehind.WriteBehindTemplate;
import io.cachekit.writebehind.pending.WriteBehindCache;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CachekitWriteBehindAutoConfiguration}.
 */
class CachekitWriteBehindAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(KafkaAutoConfiguration.class, CachekitWriteBehindAutoConfiguration.class))
		.withUserConfiguration(RedissonConfiguration.class);

	@Test
	void templateIsAutoConfigured() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(WriteBehindTemplate.class);
			assertThat(context).hasSingleBean(EnvelopePublisher.class);
			assertThat(context).hasSingleBean(WriteBehindCache.class);
			assertThat(context).hasBean("writeBehindAdvisor");
		});
	}

	@Test
	void backsOffWithoutRedisson() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(KafkaAutoConfiguration.class, CachekitWriteBehindAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(WriteBehindTemplate.class));
	}

	@Test
	void backsOffWhenWriteBehindIsDisabled() {
		this.contextRunner.withPropertyValues("cachekit.write-behind.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(WriteBehindTemplate.class));
	}

	@Test
	void backsOffWhenCachekitIsDisabled() {
		this.contextRunner.withPropertyValues("cachekit.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(WriteBehindTemplate.class));
	}

	@Test
	void userTemplateBacksOff() {
		this.contextRunner.withUserConfiguration(UserTemplateConfiguration.class)
			.run((context) -> assertThat(context).getBean(WriteBehindTemplate.class)
				.isSameAs(context.getBean("userTemplate")));
	}

	@Test
	void userPublisherBacksOff() {
		this.contextRunner.withBean("userPublisher", EnvelopePublisher.class, () -> (envelope) -> 1L).run((context) -> assertThat(context).getBean(EnvelopePublisher.class).isSameAs(context.getBean("userPublisher")));
	}

	@Test
	void producerKeepsDurabilitySettingsWhateverTheApplicationConfigures() {
		this.contextRunner
			.withPropertyValues("spring.kafka.producer.acks=1",
					"spring.kafka.producer.properties.enable.idempotence=false",
					"spring.kafka.producer.properties.max.in.flight.requests.per.connection=20",
					"spring.kafka.producer.retries=0")
			.run((context) -> {
				Map<String, Object> config = producerConfig(context.getBean(EnvelopePublisher.class));
				assertThat(config).containsEntry(ProducerConfig.ACKS_CONFIG, "all")
					.containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
					.containsEntry(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5)
					.containsEntry(ProducerConfig.RETRIES_CONFIG, Integer.MAX_VALUE);
			});
	}

	@Test
	void producerTimeoutsComeFromProperties() {
		this.contextRunner
			.withPropertyValues("cachekit.write-behind.producer.ack-timeout=3s",
					"cachekit.write-behind.producer.max-block=500ms")
			.run((context) -> {
				Map<String, Object> config = producerConfig(context.getBean(EnvelopePublisher.class));
				assertThat(config).containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 3000)
					.containsEntry(ProducerConfig.MAX_BLOCK_MS_CONFIG, 500L);
				assertThat((int) config.get(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG)).isLessThanOrEqualTo(3000);
			});
	}

	@Test
	void producerUsesTheApplicationsBootstrapServers() {
		this.contextRunner.withPropertyValues("spring.kafka.bootstrap-servers=broker.example:9093")
			.run((context) -> assertThat(producerConfig(context.getBean(EnvelopePublisher.class)))
				.containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, java.util.List.of("broker.example:9093")));
	}

	@Test
	void invalidTopicFailsStartup() {
		this.contextRunner.withPropertyValues("cachekit.write-behind.topic=not a topic!")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("cachekit.write-behind.topic"));
	}

	@Test
	void tooShortAckTimeoutFailsStartup() {
		this.contextRunner.withPropertyValues("cachekit.write-behind.producer.ack-timeout=10ms")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("cachekit.write-behind.producer.ack-timeout"));
	}

	@Test
	void negativePinnedTtlFailsStartup() {
		this.contextRunner.withPropertyValues("cachekit.write-behind.cache.pinned-ttl=-1s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("cachekit.write-behind.cache.pinned-ttl"));
	}

	private static Map<String, Object> producerConfig(EnvelopePublisher publisher) {
		assertThat(publisher).isInstanceOf(KafkaEnvelopePublisher.class);
		return ((KafkaEnvelopePublisher) publisher).getProducerConfiguration();
	}

	@Configuration(proxyBeanMethods = false)
	static class RedissonConfiguration {

		@Bean
		RedissonClient redissonClient() {
			return (RedissonClient) Proxy.newProxyInstance(getClass().getClassLoader(),
					new Class<?>[] { RedissonClient.class }, (proxy, method, args) -> switch (method.getName()) {
						case "toString" -> "fake RedissonClient";
						case "hashCode" -> System.identityHashCode(proxy);
						case "equals" -> proxy == args[0];
						case "shutdown" -> null;
						default -> throw new UnsupportedOperationException(method.getName());
					});
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserTemplateConfiguration {

		@Bean
		WriteBehindTemplate userTemplate(EnvelopePublisher publisher, WriteBehindCache cache,
				io.cachekit.writebehind.envelope.WriteBehindEnvelopeCodec codec) {
			return new WriteBehindTemplate(publisher, cache, codec, "custom", Clock.systemUTC());
		}

	}

}
