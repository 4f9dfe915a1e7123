package io.cachekit.autoconfigure;

import java.time.Duration;
import java.util.Map;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.spring.starter.RedissonAutoConfigurationV4;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.actuate.endpoint.CachesEndpoint;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.CachingConfigurer;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.cachekit.cache.CacheOperations;
import io.cachekit.cache.CacheSpec;
import io.cachekit.cache.CacheTtl;
import io.cachekit.cache.CachekitCacheManager;
import io.cachekit.cache.CachekitCacheResolver;
import io.cachekit.cache.actuate.CachekitCacheHealthIndicator;
import io.cachekit.cache.actuate.CachekitEndpoint;
import io.cachekit.cache.store.CacheStore;
import io.cachekit.cache.store.ReadCoalescing;
import io.cachekit.cache.store.RedisCacheStore;
import io.cachekit.test.DevService;
import io.cachekit.test.ImportDevServices;

import static org.assertj.core.api.Assertions.assertThat;

class CachekitCacheAutoConfigurationIntegrationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(RedissonAutoConfigurationV4.class, CachekitResilienceAutoConfiguration.class,
						CachekitCacheAutoConfiguration.class))
		.withUserConfiguration(CachingEnabled.class)
		.withPropertyValues("cachekit.namespace=autoconfig-tests");

	@Test
	void providesCacheManagerResolverAndOperations() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(CachekitCacheManager.class)
				.hasSingleBean(CachekitCacheResolver.class)
				.hasSingleBean(CachingConfigurer.class)
				.hasSingleBean(CacheOperations.class)
				.hasSingleBean(CacheStore.class);
			// a lazy delegate to the resolver bean; CachekitCacheIntegrationTests show calls resolve through it
			assertThat(context.getBean(CachingConfigurer.class).cacheResolver()).isNotNull();
		});
	}

	@Test
	void backsOffWithoutEnableCaching() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(RedissonAutoConfigurationV4.class, CachekitCacheAutoConfiguration.class))
			.withUserConfiguration(RedisOnly.class)
			.run((context) -> assertThat(context).doesNotHaveBean(CachekitCacheManager.class));
	}

	@Test
	void turnedOffByCachekitEnabled() {
		this.runner.withUserConfiguration(UserCacheManager.class)
			.withPropertyValues("cachekit.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(CacheStore.class)
				.doesNotHaveBean(CacheOperations.class));
	}

	@Test
	void backsOffFromUserCacheManager() {
		this.runner.withUserConfiguration(UserCacheManager.class).run((context) -> {
			assertThat(context).doesNotHaveBean(CachekitCacheManager.class)
				.doesNotHaveBean(CachekitCacheResolver.class)
				.doesNotHaveBean(CacheOperations.class);
			assertThat(context.getBean(CacheManager.class)).isInstanceOf(ConcurrentMapCacheManager.class);
		});
	}

	@Test
	void backsOffFromUserCacheStore() {
		this.runner.withUserConfiguration(UserCacheStore.class)
			.run((context) -> assertThat(context.getBean(CacheStore.class))
				.isSameAs(context.getBean(UserCacheStore.class).store));
	}

	@Test
	void backsOffFromUserCachingConfigurer() {
		this.runner.withUserConfiguration(UserCachingConfigurer.class)
			.run((context) -> assertThat(context).getBeans(CachingConfigurer.class).containsOnlyKeys("userConfigurer"));
	}

	@Test
	void bindsPerCacheSettingsInheritingDefaults() {
		this.runner
			.withPropertyValues("cachekit.cache.default-ttl=5m", "cachekit.cache.jitter=0.2",
					"cachekit.cache.caches.product.ttl=1h", "cachekit.cache.caches.session.no-expiry=true",
					"cachekit.cache.caches.session.cache-nulls=false",
					"cachekit.cache.caches.session.compression-threshold=0")
			.run((context) -> {
				CachekitCacheManager manager = context.getBean(CachekitCacheManager.class);
				assertThat(manager.getCachekitCache("product").getSpec())
					.isEqualTo(CacheSpec.defaults().withTtl(Duration.ofMinutes(60)).withJitter(0.2));
				CacheSpec session = manager.getCachekitCache("session").getSpec();
				assertThat(session.noExpiry()).isTrue();
				assertThat(session.cacheNulls()).isFalse();
				assertThat(session.compressionThreshold()).isZero();
				assertThat(manager.getCachekitCache("other").getSpec().ttl()).isEqualTo(Duration.ofMinutes(5));
			});
	}

	@Test
	void namespaceDefaultsToApplicationName() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(RedissonAutoConfigurationV4.class, CachekitCacheAutoConfiguration.class))
			.withUserConfiguration(CachingEnabled.class)
			.withPropertyValues("spring.application.name=shop")
			.run((context) -> assertThat(context.getBean(CachekitCacheManager.class).getRuntime().keys().namespace())
				.isEqualTo("shop"));
	}

	@Test
	void dynamicCachesCanBeTurnedOff() {
		this.runner.withPropertyValues("cachekit.cache.dynamic=false", "cachekit.cache.caches.product.ttl=1h")
			.run((context) -> {
				CachekitCacheManager manager = context.getBean(CachekitCacheManager.class);
				assertThat(manager.getCache("product")).isNotNull();
				assertThat(manager.getCache("unknown")).isNull();
			});
	}

	@Test
	void resilienceSettingsConfigureTheCircuitBreaker() {
		this.runner
			.withPropertyValues("cachekit.resilience.instances.cache.sliding-window-size=8",
					"cachekit.resilience.instances.cache.minimum-number-of-calls=4",
					"cachekit.resilience.instances.cache.wait-in-open-state=3s")
			.run((context) -> {
				CircuitBreaker breaker = context.getBean(CachekitCacheManager.class).getCircuitBreaker();
				assertThat(breaker.getCircuitBreakerConfig().getSlidingWindowSize()).isEqualTo(8);
				assertThat(breaker.getCircuitBreakerConfig().getMinimumNumberOfCalls()).isEqualTo(4);
				assertThat(breaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1))
					.isEqualTo(3000L);
				assertThat(breaker.getCircuitBreakerConfig().getSlidingWindowSynchronizationStrategy())
					.as("the window that measured cheaper under contention")
					.isEqualTo(CircuitBreakerConfig.SlidingWindowSynchronizationStrategy.SYNCHRONIZED);
			});
	}

	@Test
	void backsOffWithoutRedisson() {
		// with @EnableCaching and no cache manager at all, Spring itself refuses to start
		this.runner.withClassLoader(new FilteredClassLoader(RedissonClient.class))
			.run((context) -> assertThat(context).getFailure()
				.hasMessageContaining("No qualifying bean of type 'org.springframework.cache.CacheManager'"));
	}

	@Test
	void backsOffWithoutARedissonClientBean() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(CachekitCacheAutoConfiguration.class))
			.withUserConfiguration(CachingEnabled.class)
			.run((context) -> assertThat(context).getFailure()
				.hasMessageContaining("No qualifying bean of type 'org.springframework.cache.CacheManager'"));
	}

	@Test
	void worksWithoutMicrometerAndActuator() {
		this.runner
			.withClassLoader(new FilteredClassLoader(MeterRegistry.class,
					org.springframework.boot.health.contributor.HealthIndicator.class))
			.run((context) -> assertThat(context).hasSingleBean(CachekitCacheManager.class)
				.doesNotHaveBean(CachekitCacheHealthIndicator.class));
	}

	@Test
	void backsOffFromUserHealthIndicatorAndEndpoint() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=cachekit")
			.withBean("cachekitHealthIndicator", CachekitCacheHealthIndicator.class,
					() -> new CachekitCacheHealthIndicator(null))
			.run((context) -> assertThat(context).getBean(CachekitCacheHealthIndicator.class)
				.isSameAs(context.getBean("cachekitHealthIndicator")));
	}

	@Test
	void badResilienceAndLimitValuesFailStartup() {
		assertStartupFailsNaming("cachekit.cache.null-ttl", "cachekit.cache.null-ttl=0s");
		assertStartupFailsNaming("cachekit.max-key-length", "cachekit.max-key-length=10");
		assertStartupFailsNaming("cachekit.cache.compression-threshold", "cachekit.cache.compression-threshold=-1B");
		assertStartupFailsNaming("cachekit.resilience.instances.cache.failure-rate-threshold",
				"cachekit.resilience.instances.cache.failure-rate-threshold=150");
		assertStartupFailsNaming("cachekit.resilience.instances.cache.sliding-window-size",
				"cachekit.resilience.instances.cache.sliding-window-size=0");
		assertStartupFailsNaming("cachekit.resilience.instances.cache.minimum-number-of-calls",
				"cachekit.resilience.instances.cache.minimum-number-of-calls=0");
		assertStartupFailsNaming("cachekit.resilience.instances.cache.permitted-calls-in-half-open-state",
				"cachekit.resilience.instances.cache.permitted-calls-in-half-open-state=0");
		assertStartupFailsNaming("cachekit.cache.invalidation.pending-evictions-limit",
				"cachekit.cache.invalidation.pending-evictions-limit=0");
		assertStartupFailsNaming("cachekit.resilience.instances.cache.wait-in-open-state",
				"cachekit.resilience.instances.cache.wait-in-open-state=0s");
		assertStartupFailsNaming("cachekit.cache.invalidation.tag-retention", "cachekit.cache.invalidation.tag-retention=0s");
		assertStartupFailsNaming("cachekit.cache.invalidation.metadata-refresh", "cachekit.cache.invalidation.metadata-refresh=-1s");
	}

	@Test
	void noExpiryIsOnlyForTheCacheThatOptsIn() {
		this.runner.withPropertyValues("cachekit.namespace=no-expiry-tests",
				"cachekit.cache.caches.forever.no-expiry=true")
			.run((context) -> {
				CachekitCacheManager manager = context.getBean(CachekitCacheManager.class);
				manager.getCache("forever").put("k", "v");
				manager.getCache("other").put("k", "v");
				CacheOperations operations = context.getBean(CacheOperations.class);
				assertThat(operations.remainingTtl("forever", "k").exists()).isTrue();
				assertThat(operations.remainingTtl("forever", "k").ttl()).as("no expiry").isNull();
				assertThat(operations.remainingTtl("other", "k").ttl()).isPositive();
			});
	}

	@Test
	void bindsStampedeAndNearCacheSettings() {
		this.runner
			.withPropertyValues("cachekit.cache.stampede.stale-ttl=1m", "cachekit.cache.stampede.lease-wait-timeout=2s",
					"cachekit.cache.caches.product.near-cache.enabled=true",
					"cachekit.cache.caches.product.near-cache.maximum-size=500",
					"cachekit.cache.caches.product.near-cache.ttl=20s",
					"cachekit.cache.caches.product.stampede.early-refresh-beta=1.5",
					"cachekit.cache.caches.session.stampede.single-flight=false")
			.run((context) -> {
				CachekitCacheManager manager = context.getBean(CachekitCacheManager.class);
				CacheSpec product = manager.getCachekitCache("product").getSpec();
				assertThat(product.nearCacheEnabled()).isTrue();
				assertThat(product.nearCacheMaximumSize()).isEqualTo(500);
				assertThat(product.nearCacheTtl()).isEqualTo(Duration.ofSeconds(20));
				assertThat(product.earlyRefreshBeta()).isEqualTo(1.5);
				assertThat(product.staleTtl()).isEqualTo(Duration.ofMinutes(1));
				assertThat(manager.getCachekitCache("product").getNearCache()).isNotNull();
				assertThat(manager.getRuntime().bus()).isNotNull();
				assertThat(manager.getCachekitCache("session").getSpec().singleFlight()).isFalse();
				assertThat(manager.getCachekitCache("session").getNearCache()).isNull();
				assertThat(manager.getRuntime().coordination().waitTimeout()).isEqualTo(Duration.ofSeconds(2));
			});
	}

	@Test
	void readsAreCoalescedByDefault() {
		this.runner.run((context) -> assertThat(((RedisCacheStore) context.getBean(CacheStore.class)).readCoalescing())
			.isEqualTo(new ReadCoalescing(4, 64)));
	}

	@Test
	void bindsReadCoalescingSettings() {
		this.runner.withPropertyValues("cachekit.cache.read-coalescing.max-in-flight=2",
				"cachekit.cache.read-coalescing.max-batch=16")
			.run((context) -> assertThat(((RedisCacheStore) context.getBean(CacheStore.class)).readCoalescing())
				.isEqualTo(new ReadCoalescing(2, 16)));
	}

	@Test
	void readCoalescingCanBeTurnedOff() {
		this.runner.withPropertyValues("cachekit.cache.read-coalescing.enabled=false")
			.run((context) -> assertThat(((RedisCacheStore) context.getBean(CacheStore.class)).readCoalescing())
				.isEqualTo(ReadCoalescing.DISABLED));
	}

	@Test
	void badReadCoalescingValuesFailStartup() {
		assertStartupFailsNaming("cachekit.cache.read-coalescing.max-in-flight",
				"cachekit.cache.read-coalescing.max-in-flight=0");
		assertStartupFailsNaming("cachekit.cache.read-coalescing.max-batch", "cachekit.cache.read-coalescing.max-batch=-1");
	}

	@Test
	void noNearCacheMeansNoInvalidationBus() {
		this.runner.run((context) -> assertThat(context.getBean(CachekitCacheManager.class).getRuntime().bus())
			.isNull());
	}

	@Test
	void badStampedeAndNearCacheValuesFailStartup() {
		assertStartupFailsNaming("cachekit.cache.stampede.stale-ttl", "cachekit.cache.stampede.stale-ttl=0s");
		assertStartupFailsNaming("cachekit.cache.caches.product.stampede.early-refresh-beta",
				"cachekit.cache.caches.product.stampede.early-refresh-beta=-1");
		assertStartupFailsNaming("cachekit.cache.caches.product.near-cache.maximum-size",
				"cachekit.cache.caches.product.near-cache.enabled=true",
				"cachekit.cache.caches.product.near-cache.maximum-size=0");
		assertStartupFailsNaming("cachekit.cache.near-cache.ttl", "cachekit.cache.near-cache.ttl=-5s");
		assertStartupFailsNaming("cachekit.cache.stampede.lease-wait-timeout", "cachekit.cache.stampede.lease-wait-timeout=0ms");
		assertStartupFailsNaming("cachekit.cache.stampede.refresh-threads", "cachekit.cache.stampede.refresh-threads=0");
	}

	private void assertStartupFailsNaming(String property, String... values) {
		this.runner.withPropertyValues(values)
			.run((context) -> assertThat(context).getFailure().rootCause().hasMessageContaining(property));
	}

	@Test
	void negativePerCacheTtlFailsStartup() {
		this.runner.withPropertyValues("cachekit.cache.caches.product.ttl=-5s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("cachekit.cache.caches.product.ttl")
				.hasMessageContaining("no-expiry"));
	}

	@Test
	void zeroDefaultTtlFailsStartup() {
		this.runner.withPropertyValues("cachekit.cache.default-ttl=0")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("cachekit.cache.default-ttl"));
	}

	@Test
	void unparsableTtlFailsStartup() {
		this.runner.withPropertyValues("cachekit.cache.caches.product.ttl=soon")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("cachekit.cache.caches.product.ttl"));
	}

	@Test
	void jitterOutOfRangeFailsStartup() {
		this.runner.withPropertyValues("cachekit.cache.jitter=1.5")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("cachekit.cache.jitter"));
	}

	@Test
	void zeroTimeoutFailsStartup() {
		this.runner.withPropertyValues("cachekit.resilience.instances.cache.timeout=0ms")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("cachekit.resilience.instances.cache.timeout"));
	}

	@Test
	void blankNamespaceFailsStartup() {
		this.runner.withPropertyValues("cachekit.namespace= ")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("cachekit.namespace"));
	}

	@Test
	void invalidCacheTtlAnnotationFailsStartup() {
		this.runner.withUserConfiguration(BadTtlService.class)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("@CacheTtl(\"forever\")")
				.hasMessageContaining("find"));
	}

	@Test
	void bindsMetersWhenARegistryExists() {
		this.runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run((context) -> {
			org.springframework.cache.Cache product = context.getBean(CachekitCacheManager.class).getCache("product");
			product.get("1");
			product.put("1", "one");
			product.get("1");
			product.get("2", () -> "two");
			product.evict("1");
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("cache.gets").tag("cache", "product").tag("result", "miss").functionCounter().count())
				.isEqualTo(2);
			assertThat(registry.get("cache.gets").tag("cache", "product").tag("result", "hit").functionCounter().count())
				.isEqualTo(1);
			assertThat(registry.get("cache.puts").tag("cache", "product").functionCounter().count()).isEqualTo(2);
			assertThat(registry.get("cache.evictions").tag("cache", "product").functionCounter().count())
				.isEqualTo(1);
			assertThat(registry.get("cache.load").tag("cache", "product").functionTimer().count()).isEqualTo(1);
			assertThat(registry.get("cachekit.cache.errors").tag("cache", "product").functionCounter().count())
				.isZero();
			assertThat(registry.get("cachekit.cache.breaker.state").gauge().value()).isZero();
			context.getBean(CachekitCacheManager.class).getCircuitBreaker().transitionToOpenState();
			assertThat(registry.get("cachekit.cache.breaker.state").gauge().value()).isEqualTo(2);
		});
	}

	@Test
	void cacheManagerObservesThroughTheApplicationsObservationRegistry() {
		this.runner.withBean(ObservationRegistry.class, ObservationRegistry::create)
			.run((context) -> assertThat(context.getBean(CachekitCacheManager.class).getRuntime().observations())
				.isSameAs(context.getBean(ObservationRegistry.class)));
	}

	@Test
	void cacheManagerObservesNothingWithoutAnObservationRegistry() {
		this.runner.run((context) -> assertThat(
				context.getBean(CachekitCacheManager.class).getRuntime().observations())
			.isSameAs(ObservationRegistry.NOOP));
	}

	@Test
	void providesHealthIndicatorReportingTheBreaker() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(CachekitCacheHealthIndicator.class);
			assertThat(context.getBean(CachekitCacheHealthIndicator.class).health(true).getDetails())
				.containsEntry("circuitBreaker", "CLOSED");
		});
	}

	@Test
	void healthIsDownWhileTheBreakerIsOpen() {
		this.runner.run((context) -> {
			context.getBean(CachekitCacheManager.class).getCircuitBreaker().transitionToOpenState();
			org.springframework.boot.health.contributor.Health health = context
				.getBean(CachekitCacheHealthIndicator.class)
				.health(true);
			assertThat(health.getStatus().getCode()).isEqualTo("DOWN");
			assertThat(health.getDetails()).containsEntry("circuitBreaker", "OPEN");
		});
	}

	@Test
	void healthIndicatorCanBeTurnedOff() {
		this.runner.withPropertyValues("management.health.cachekit.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(CachekitCacheHealthIndicator.class));
	}

	@Test
	void endpointNeedsExposure() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(CachekitEndpoint.class));
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=cachekit")
			.run((context) -> assertThat(context).hasSingleBean(CachekitEndpoint.class));
	}

	@Test
	@SuppressWarnings("unchecked")
	void endpointShowsCachesAndEvictsKeysAndTags() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=cachekit",
				"cachekit.namespace=endpoint-tests", "cachekit.cache.caches.product.ttl=1h")
			.run((context) -> {
				CachekitEndpoint endpoint = context.getBean(CachekitEndpoint.class);
				context.getBean(CachekitCacheManager.class).getCache("product").put(42L, "value");
				Map<String, Object> product = (Map<String, Object>) ((Map<String, Object>) endpoint.caches()
					.get("caches")).get("product");
				assertThat(product).containsEntry("ttl", "PT1H").containsEntry("jitter", 0.1).containsKey("hitRatio");
				assertThat(endpoint.entry("product", "42")).containsEntry("exists", true);
				assertThat((Long) endpoint.entry("product", "42").get("ttlMillis")).isGreaterThan(3_000_000L);
				assertThat(endpoint.evictKey("product", "42")).containsEntry("evicted", true);
				assertThat(endpoint.entry("product", "42")).containsEntry("exists", false);
				CachekitCacheManager manager = context.getBean(CachekitCacheManager.class);
				org.springframework.cache.Cache tagged = manager.getCachekitCache("product")
					.bind(new io.cachekit.cache.access.CacheInvocation(null, null, () -> new String[] { "product:43" }));
				tagged.put(43L, "tagged");
				assertThat(tagged.get(43L).get()).isEqualTo("tagged");
				endpoint.evictTag("product:43");
				assertThat(tagged.get(43L)).as("evicted by its tag").isNull();
				product = (Map<String, Object>) ((Map<String, Object>) endpoint.caches().get("caches")).get("product");
				// hits: the read of 43; misses: the read after the tag eviction
				assertThat((double) product.get("hitRatio")).isEqualTo(0.5);
			});
	}

	@Test
	void springBootCachesEndpointListsAndClearsCachekitCaches() {
		this.runner.withPropertyValues("cachekit.cache.caches.product.ttl=1h").run((context) -> {
			CachekitCacheManager manager = context.getBean(CachekitCacheManager.class);
			manager.getCache("product").put(7L, "value");
			CachesEndpoint endpoint = new CachesEndpoint(Map.of("cacheManager", manager));
			assertThat(endpoint.caches().getCacheManagers().get("cacheManager").getCaches()).containsKey("product");
			assertThat(endpoint.clearCache("product", "cacheManager")).isTrue();
			assertThat(manager.getCache("product").get(7L)).isNull();
		});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	@ImportDevServices(DevService.REDIS)
	static class CachingEnabled {

	}

	@Configuration(proxyBeanMethods = false)
	@ImportDevServices(DevService.REDIS)
	static class RedisOnly {

	}

	@Configuration(proxyBeanMethods = false)
	static class UserCacheManager {

		@Bean
		CacheManager userCacheManager() {
			return new ConcurrentMapCacheManager();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserCacheStore {

		final CacheStore store = new io.cachekit.cache.store.InMemoryCacheStore();

		@Bean
		CacheStore userCacheStore() {
			return this.store;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserCachingConfigurer {

		@Bean
		CachingConfigurer userConfigurer() {
			return new CachingConfigurer() {
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class BadTtlService {

		@Bean
		BadTtl badTtl() {
			return new BadTtl();
		}

	}

	static class BadTtl {

		@CacheTtl("forever")
		public String find(String id) {
			return id;
		}

	}

}
