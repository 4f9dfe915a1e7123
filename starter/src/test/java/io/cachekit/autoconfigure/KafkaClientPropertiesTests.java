package io.cachekit.autoconfigure;

import java.util.Map;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.SslBundleSslEngineFactory;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.cachekit.test.RedisTls;
import io.cachekit.writebehind.EnvelopePublisher;
import io.cachekit.writebehind.KafkaEnvelopePublisher;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link KafkaClientProperties}: the write-behind producer connects as Spring Boot's own producers
 * do, SSL bundle included.
 */
class KafkaClientPropertiesTests {

	private static String caCertificate;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, KafkaAutoConfiguration.class,
				CachekitWriteBehindAutoConfiguration.class))
		.withUserConfiguration(CachekitWriteBehindAutoConfigurationTests.RedissonConfiguration.class);

	@BeforeAll
	static void certificate() {
		Assumptions.assumeTrue(RedisTls.opensslAvailable(), "no openssl to make a certificate");
		caCertificate = RedisTls.generate().caCertificate().toUri().toString();
	}

	@Test
	void producerUsesTheSslBundle() {
		this.contextRunner
			.withPropertyValues("spring.kafka.ssl.bundle=kafka-ca",
					"spring.ssl.bundle.pem.kafka-ca.truststore.certificate=" + caCertificate)
			.run((context) -> {
				SslBundle bundle = context.getBean(SslBundles.class).getBundle("kafka-ca");
				assertThat(producerConfig(context.getBean(EnvelopePublisher.class)))
					.containsEntry(SslConfigs.SSL_ENGINE_FACTORY_CLASS_CONFIG, SslBundleSslEngineFactory.class)
					.containsEntry(SslBundle.class.getName(), bundle);
			});
	}

	@Test
	void producerSslBundleWinsOverTheSharedOne() {
		this.contextRunner
			.withPropertyValues("spring.kafka.ssl.bundle=shared-ca", "spring.kafka.producer.ssl.bundle=producer-ca",
					"spring.ssl.bundle.pem.shared-ca.truststore.certificate=" + caCertificate,
					"spring.ssl.bundle.pem.producer-ca.truststore.certificate=" + caCertificate)
			.run((context) -> assertThat(producerConfig(context.getBean(EnvelopePublisher.class)))
				.containsEntry(SslBundle.class.getName(), context.getBean(SslBundles.class).getBundle("producer-ca")));
	}

	@Test
	void producerKeepsTheSecurityProtocolWithTheSslBundle() {
		this.contextRunner
			.withPropertyValues("spring.kafka.security.protocol=SSL", "spring.kafka.ssl.bundle=kafka-ca",
					"spring.ssl.bundle.pem.kafka-ca.truststore.certificate=" + caCertificate)
			.run((context) -> assertThat(producerConfig(context.getBean(EnvelopePublisher.class)))
				.containsEntry(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SSL")
				.containsEntry(SslConfigs.SSL_ENGINE_FACTORY_CLASS_CONFIG, SslBundleSslEngineFactory.class));
	}

	@Test
	void producerWithoutSslBundleHasNoEngineFactory() {
		this.contextRunner.withPropertyValues("spring.kafka.ssl.trust-store-type=PKCS12")
			.run((context) -> assertThat(producerConfig(context.getBean(EnvelopePublisher.class)))
				.containsEntry(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PKCS12")
				.doesNotContainKeys(SslConfigs.SSL_ENGINE_FACTORY_CLASS_CONFIG, SslBundle.class.getName()));
	}

	private static Map<String, Object> producerConfig(EnvelopePublisher publisher) {
		assertThat(publisher).isInstanceOf(KafkaEnvelopePublisher.class);
		return ((KafkaEnvelopePublisher) publisher).getProducerConfiguration();
	}

}
