package io.cachekit.autoconfigure;

import java.util.Map;

import io.cachekit.keys.CachekitKeys;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The names every part shares ({@link CachekitAutoConfiguration}) and the startup failure for properties that
 * an earlier release had ({@link RemovedProperties}).
 */
class CachekitAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CachekitAutoConfiguration.class));

	@Test
	void namespaceDefaultsToTheApplicationName() {
		this.contextRunner.withPropertyValues("spring.application.name=shop")
			.run((context) -> assertThat(context.getBean(CachekitKeys.class).namespace()).isEqualTo("shop"));
	}

	@Test
	void currentPropertiesStart() {
		this.contextRunner
			.withPropertyValues("cachekit.namespace=shop", "cachekit.cache.stampede.single-flight=false",
					"cachekit.cache.caches.products.stampede.stale-ttl=1m",
					"cachekit.resilience.instances.cache.timeout=100ms")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void aRemovedPropertyFailsStartupNamingItsReplacement() {
		this.contextRunner.withPropertyValues("cachekit.cache.namespace=shop").run((context) -> {
			assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("cachekit.cache.namespace")
				.hasMessageContaining("use cachekit.namespace");
		});
	}

	@Test
	void aMovedPerCachePropertyFailsStartupNamingWhereItMoved() {
		this.contextRunner.withPropertyValues("cachekit.cache.caches.products.single-flight=false")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("cachekit.cache.caches.products.single-flight")
				.hasMessageContaining("cachekit.cache.caches.<name>.stampede.single-flight"));
	}

	@Test
	void aRemovedGroupIsRecognizedUnderAnyOfItsNames() {
		this.contextRunner.withPropertyValues("cachekit.cache.resilience.timeout=100ms")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("cachekit.resilience.instances.cache.*"));
		this.contextRunner.withPropertyValues("cachekit.cache.resilience.replay-interval=1s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("cachekit.cache.invalidation.replay-interval"));
	}

	@Test
	void anEnvironmentVariableOfARemovedPropertyIsRecognized() {
		this.contextRunner
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
						new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
								Map.of("CACHEKIT_LOCK_KEYPREFIX", "locks", "CACHEKIT_NAMESPACE", "shop"))))
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("cachekit.lock.key-prefix")
				.hasMessageContaining("cachekit.namespace"));
	}

}
