package io.cachekit.worker.replay;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.SslConfigs;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.SslBundleSslEngineFactory;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.util.ReflectionTestUtils;

import io.cachekit.test.RedisTls;
import io.cachekit.worker.WorkerProperties;
import io.cachekit.worker.WorkerTopics;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DeadLetterReplayConfiguration}: the replay's consumer and producer connect as Spring Boot's
 * own clients do, SSL bundle included.
 */
class DeadLetterReplayConfigurationTests {

	private static String caCertificate;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, KafkaAutoConfiguration.class))
		.withInitializer((context) -> context.getEnvironment().setActiveProfiles(DeadLetterReplayConfiguration.PROFILE))
		.withUserConfiguration(WorkerNames.class, DeadLetterReplayConfiguration.class);

	@BeforeAll
	static void certificate() {
		Assumptions.assumeTrue(RedisTls.opensslAvailable(), "no openssl to make a certificate");
		caCertificate = RedisTls.generate().caCertificate().toUri().toString();
	}

	@Test
	void consumerAndProducerUseTheSslBundle() {
		this.contextRunner
			.withPropertyValues("spring.kafka.ssl.bundle=kafka-ca",
					"spring.ssl.bundle.pem.kafka-ca.truststore.certificate=" + caCertificate)
			.run((context) -> {
				SslBundle bundle = context.getBean(SslBundles.class).getBundle("kafka-ca");
				assertThat(config(context, "consumerConfig"))
					.containsEntry(SslConfigs.SSL_ENGINE_FACTORY_CLASS_CONFIG, SslBundleSslEngineFactory.class)
					.containsEntry(SslBundle.class.getName(), bundle)
					.containsEntry(ConsumerConfig.GROUP_ID_CONFIG, "cachekit-worker-dlt-replay");
				assertThat(config(context, "producerConfig"))
					.containsEntry(SslConfigs.SSL_ENGINE_FACTORY_CLASS_CONFIG, SslBundleSslEngineFactory.class)
					.containsEntry(SslBundle.class.getName(), bundle);
			});
	}

	@Test
	void consumerAndProducerWithoutSslBundleHaveNoEngineFactory() {
		this.contextRunner.withPropertyValues("spring.kafka.bootstrap-servers=broker.example:9093").run((context) -> {
			assertThat(config(context, "consumerConfig"))
				.containsEntry(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, List.of("broker.example:9093"))
				.doesNotContainKeys(SslConfigs.SSL_ENGINE_FACTORY_CLASS_CONFIG, SslBundle.class.getName());
			assertThat(config(context, "producerConfig"))
				.doesNotContainKeys(SslConfigs.SSL_ENGINE_FACTORY_CLASS_CONFIG, SslBundle.class.getName());
		});
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> config(AssertableApplicationContext context, String field) {
		assertThat(context).hasNotFailed();
		return (Map<String, Object>) ReflectionTestUtils.getField(context.getBean(DeadLetterReplayer.class), field);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(WorkerProperties.class)
	static class WorkerNames {

		@Bean
		WorkerTopics workerTopics() {
			return new WorkerTopics("shop.write-behind", "shop.write-behind.dlt");
		}

	}

}
