package io.cachekit.worker;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import io.cachekit.keys.CachekitKeys;
import io.cachekit.writebehind.pending.WriteBehindKeys;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Binding of {@link WorkerProperties}: defaults, and bad values failing startup with the property named.
 */
class WorkerPropertiesTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withUserConfiguration(PropertiesConfiguration.class);

	@Test
	void deadLetterTopicDefaultsToTheTopicPlusDlt() {
		this.contextRunner.withUserConfiguration(WorkerNamesConfiguration.class)
			.withPropertyValues("cachekit.namespace=shop", "cachekit.worker.topic=orders")
			.run((context) -> assertThat(context.getBean(WorkerTopics.class))
				.isEqualTo(new WorkerTopics("orders", "orders.dlt")));
	}

	@Test
	void topicsDefaultToTheApplicationsNamespace() {
		this.contextRunner.withUserConfiguration(WorkerNamesConfiguration.class)
			.withPropertyValues("cachekit.namespace=shop")
			.run((context) -> {
				assertThat(context.getBean(WorkerTopics.class))
					.isEqualTo(new WorkerTopics("shop.write-behind", "shop.write-behind.dlt"));
				assertThat(new WriteBehindKeys(context.getBean(CachekitKeys.class)).entry("order", "1"))
					.isEqualTo("{shop:order:1}~wb");
			});
	}

	@Test
	void aWorkerWithoutNamespaceFailsNamingTheProperty() {
		this.contextRunner.withUserConfiguration(WorkerNamesConfiguration.class)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("cachekit.namespace"));
	}

	@Test
	void writeConcernOfOneMemberIsAccepted() {
		this.contextRunner.withPropertyValues("cachekit.worker.write-concern.w=1", "cachekit.worker.write-concern.journal=false")
			.run((context) -> {
				WorkerProperties properties = context.getBean(WorkerProperties.class);
				assertThat(properties.getWriteConcern().toWriteConcern().getW()).isEqualTo(1);
				assertThat(properties.getWriteConcern().toWriteConcern().getJournal()).isFalse();
			});
	}

	@Test
	void mongoReadsTimeOutAfterTheSocketTimeout() {
		this.contextRunner.withUserConfiguration(WorkerConfiguration.class)
			.withPropertyValues("cachekit.worker.mongo-socket-timeout=12s")
			.withBean(org.springframework.data.mongodb.MongoDatabaseFactory.class,
					() -> org.mockito.Mockito.mock(org.springframework.data.mongodb.MongoDatabaseFactory.class,
							org.mockito.Mockito.RETURNS_DEEP_STUBS))
			.run((context) -> {
				com.mongodb.MongoClientSettings.Builder settings = com.mongodb.MongoClientSettings.builder();
				context.getBean(org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer.class)
					.customize(settings);
				assertThat(settings.build().getSocketSettings().getReadTimeout(java.util.concurrent.TimeUnit.SECONDS))
					.isEqualTo(12);
			});
	}

	@Test
	void zeroMongoSocketTimeoutFailsStartup() {
		this.contextRunner.withPropertyValues("cachekit.worker.mongo-socket-timeout=0s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("cachekit.worker.mongo-socket-timeout"));
	}

	@Test
	void unacknowledgedWriteConcernFailsStartup() {
		this.contextRunner.withPropertyValues("cachekit.worker.write-concern.w=0")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("cachekit.worker.write-concern.w"));
	}

	@Test
	void zeroPartitionsFailStartup() {
		this.contextRunner.withPropertyValues("cachekit.worker.partitions=0")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("cachekit.worker.partitions"));
	}

	@Test
	void invalidTopicFailsStartup() {
		this.contextRunner.withPropertyValues("cachekit.worker.topic=a b")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("cachekit.worker.topic"));
	}

	@Test
	void retryMultiplierBelowOneFailsStartup() {
		this.contextRunner.withPropertyValues("cachekit.worker.retry.multiplier=0.5")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("cachekit.worker.retry.multiplier"));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(WorkerProperties.class)
	static class PropertiesConfiguration {

	}

}
