package io.cachekit.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.redisson.spring.starter.RedissonAutoConfigurationV4;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.cachekit.cache.CacheOperations;
import io.cachekit.cache.CacheSpec;
import io.cachekit.cache.CachekitCache;
import io.cachekit.cache.CachekitCacheManager;
import io.cachekit.cache.WriteSampler;
import io.cachekit.cache.actuate.CachekitEndpoint;
import io.cachekit.cache.consistency.AccountsSource;
import io.cachekit.cache.consistency.ConsistencyMonitor;
import io.cachekit.cache.consistency.ConsistencySource;
import io.cachekit.cache.warming.HotKeySharing;
import io.cachekit.test.DevService;
import io.cachekit.test.ImportDevServices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The auto-configuration of hot keys, promotion and the consistency monitor, on a real Redis.
 */
class CachekitCacheInsightAutoConfigurationIntegrationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RedissonAutoConfigurationV4.class,
				CachekitResilienceAutoConfiguration.class, CachekitCacheAutoConfiguration.class))
		.withUserConfiguration(CachingEnabled.class)
		.withPropertyValues("cachekit.namespace=insight-tests");

	@Test
	void hotKeysAreTrackedAndSharedByDefaultAndPropertiesTurnPromotionOn() {
		this.runner
			.withPropertyValues("cachekit.cache.caches.products.near-cache.enabled=true",
					"cachekit.cache.caches.products.near-cache.maximum-size=500",
					"cachekit.cache.caches.products.near-cache.promotion=true",
					"cachekit.cache.caches.products.hot-keys.shared=true")
			.run((context) -> {
				assertThat(context).hasSingleBean(HotKeySharing.class).doesNotHaveBean(ConsistencyMonitor.class);
				CachekitCacheManager manager = context.getBean(CachekitCacheManager.class);
				CacheSpec products = manager.getCachekitCache("products").getSpec();
				assertThat(products.nearCachePromotion()).isTrue();
				assertThat(products.sharedHotKeys()).isTrue();
				assertThat(products.nearCacheMaximumSize()).isEqualTo(500);
				CachekitCache other = manager.getCachekitCache("other");
				assertThat(other.getSpec().nearCachePromotion()).isFalse();
				for (int i = 0; i < 10; i++) {
					other.get("popular");
				}
				assertThat(other.getHotKeys().top(1)).singleElement()
					.satisfies((hot) -> assertThat(hot.key()).isEqualTo("popular"));
			});
	}

	@Test
	void hotKeyDetectionCanBeTurnedOff() {
		this.runner.withPropertyValues("cachekit.cache.hot-keys.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(HotKeySharing.class);
			CachekitCache cache = context.getBean(CachekitCacheManager.class).getCachekitCache("products");
			cache.get("k");
			assertThat(cache.getHotKeys().top(10)).isEmpty();
		});
	}

	@Test
	void theConsistencyMonitorNeedsToBeEnabledAndASource() {
		this.runner.withUserConfiguration(Source.class)
			.run((context) -> assertThat(context).doesNotHaveBean(ConsistencyMonitor.class));
		this.runner.withPropertyValues("cachekit.cache.consistency.enabled=true")
			.run((context) -> assertThat(context).doesNotHaveBean(ConsistencyMonitor.class));
	}

	@Test
	void anEnabledMonitorChecksWritesAndReportsThemAsMetersAndAtTheEndpoint() {
		this.runner.withUserConfiguration(Source.class)
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withPropertyValues("cachekit.cache.consistency.enabled=true", "cachekit.cache.consistency.sample-rate=1",
					"cachekit.cache.consistency.delay=100ms", "cachekit.cache.consistency.check-interval=50ms")
			.run((context) -> {
				assertThat(context).hasSingleBean(ConsistencyMonitor.class);
				Map<String, String> database = context.getBean(Source.class).database;
				CachekitCache cache = context.getBean(CachekitCacheManager.class).getCachekitCache("accounts");
				database.put("a", "1");
				cache.put("a", "1");
				database.put("b", "1");
				cache.put("b", "1");
				database.put("b", "2");
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(meters
					.get("cachekit.consistency.checks").tag("cache", "accounts").tag("result", "inconsistent")
					.functionCounter().count()).isEqualTo(1));
				assertThat(meters.get("cachekit.consistency.checks").tag("result", "consistent").functionCounter().count())
					.isEqualTo(1);
				assertThat(meters.get("cachekit.consistency.ratio").tag("cache", "accounts").gauge().value())
					.isEqualTo(0.5);
				CachekitEndpoint endpoint = new CachekitEndpoint(context.getBean(CachekitCacheManager.class),
						context.getBean(CacheOperations.class), context.getBean(ConsistencyMonitor.class));
				@SuppressWarnings("unchecked")
				Map<String, Object> accounts = (Map<String, Object>) ((Map<String, Object>) endpoint.caches()
					.get("caches")).get("accounts");
				assertThat(accounts.get("consistency")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
					.containsEntry("checked", 2L)
					.containsEntry("inconsistent", 1L)
					.containsEntry("within", "PT0.1S");
				assertThat(accounts.get("hotKeys")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
					.isEmpty();
			});
	}

	@Test
	void aSourceMayDependOnTheCachesAndOtherSamplersAreToldToo() {
		this.runner.withUserConfiguration(SourceUsingTheCaches.class)
			.withPropertyValues("cachekit.cache.consistency.enabled=true", "cachekit.cache.consistency.sample-rate=1")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(ConsistencyMonitor.class);
				context.getBean(CachekitCacheManager.class).getCachekitCache("accounts").put("k", "v");
				assertThat(context.getBean(SourceUsingTheCaches.class).written).containsExactly("k");
				assertThat(context.getBean(ConsistencyMonitor.class).cacheNames()).containsExactly("accounts");
			});
	}

	@Test
	void badValuesFailStartupNamingTheProperty() {
		this.runner.withPropertyValues("cachekit.cache.consistency.sample-rate=0")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("cachekit.cache.consistency.sample-rate"));
		this.runner.withPropertyValues("cachekit.cache.hot-keys.tracked=0")
			.run((context) -> assertThat(context).getFailure().hasStackTraceContaining("cachekit.cache.hot-keys.tracked"));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	@ImportDevServices(DevService.REDIS)
	static class CachingEnabled {

	}

	/** A source over a service that uses the caches (a cycle if sources were needed to build the manager). */
	@Configuration(proxyBeanMethods = false)
	static class SourceUsingTheCaches {

		final List<Object> written = new CopyOnWriteArrayList<>();

		@Bean
		ConsistencySource<String> accountsSource(CacheOperations operations) {
			return new AccountsSource((key) -> String.valueOf(operations.remainingTtl("accounts", key).exists()));
		}

		@Bean
		WriteSampler auditSampler() {
			return (cache, key) -> this.written.add(key);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Source {

		final Map<String, String> database = new ConcurrentHashMap<>();

		@Bean
		ConsistencySource<String> accountsSource() {
			return AccountsSource.over(this.database);
		}

	}

}
