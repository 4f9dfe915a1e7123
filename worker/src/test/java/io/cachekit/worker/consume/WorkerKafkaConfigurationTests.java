package io.cachekit.worker.consume;

import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SslConfigs;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.kafka.autoconfigure.SslBundleSslEngineFactory;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;

import io.cachekit.test.RedisTls;
import io.cachekit.writebehind.envelope.WriteBehindEnvelopeCodec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the dead-letter producer of {@link WorkerKafkaConfiguration}: it connects as Spring Boot's own
 * producers do, SSL bundle included.
 */
class WorkerKafkaConfigurationTests {

	private static String caCertificate;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, KafkaAutoConfiguration.class));

	@BeforeAll
	static void certificate() {
		Assumptions.assumeTrue(RedisTls.opensslAvailable(), "no openssl to make a certificate");
		caCertificate = RedisTls.generate().caCertificate().toUri().toString();
	}

	@Test
	void deadLetterProducerUsesTheSslBundle() {
		this.contextRunner
			.withPropertyValues("spring.kafka.ssl.bundle=kafka-ca",
					"spring.ssl.bundle.pem.kafka-ca.truststore.certificate=" + caCertificate)
			.run((context) -> assertThat(deadLetterProducerConfig(context))
				.containsEntry(SslConfigs.SSL_ENGINE_FACTORY_CLASS_CONFIG, SslBundleSslEngineFactory.class)
				.containsEntry(SslBundle.class.getName(), context.getBean(SslBundles.class).getBundle("kafka-ca"))
				.containsEntry(ProducerConfig.CLIENT_ID_CONFIG, "cachekit-worker-dlt"));
	}

	@Test
	void deadLetterProducerWithoutSslBundleHasNoEngineFactory() {
		this.contextRunner.withPropertyValues("spring.kafka.security.protocol=SASL_PLAINTEXT")
			.run((context) -> assertThat(deadLetterProducerConfig(context))
				.containsEntry("security.protocol", "SASL_PLAINTEXT")
				.doesNotContainKeys(SslConfigs.SSL_ENGINE_FACTORY_CLASS_CONFIG, SslBundle.class.getName()));
	}

	private static Map<String, Object> deadLetterProducerConfig(AssertableApplicationContext context) {
		assertThat(context).hasNotFailed();
		DefaultKafkaProducerFactory<String, Object> factory = WorkerKafkaConfiguration.deadLetterProducerFactory(
				context.getBean(KafkaProperties.class), context.getBean(KafkaConnectionDetails.class),
				new WriteBehindEnvelopeCodec(new JsonMapper()));
		return factory.getConfigurationProperties();
	}

}
