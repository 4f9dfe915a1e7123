package io.cachekit.cache.warming;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.redisson.spring.starter.RedissonAutoConfigurationV4;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.cachekit.autoconfigure.CachekitCacheAutoConfiguration;
import io.cachekit.test.DevService;
import io.cachekit.test.ImportDevServices;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances with the same {@link CacheWarmer} on one real Redis: the 100 entries are loaded once in
 * total, then served to {@code @Cacheable} without running the method; entries close to expiry are
 * reloaded by the next run.
 */
class CacheWarmingIntegrationTests {

	private static final AtomicInteger LOADS = new AtomicInteger();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(RedissonAutoConfigurationV4.class, CachekitCacheAutoConfiguration.class))
		.withUserConfiguration(WarmedApplication.class)
		.withPropertyValues("cachekit.namespace=warm-" + UUID.randomUUID().toString().substring(0, 8),
				"cachekit.cache.caches.top-product.ttl=10m", "cachekit.cache.warming.interval=1h");

	@Test
	void twoInstancesWarmEachEntryOnceAndCallersHitIt() {
		LOADS.set(0);
		this.runner.run((first) -> this.runner.run((second) -> {
			CacheWarmingRunner a = first.getBean(CacheWarmingRunner.class);
			CacheWarmingRunner b = second.getBean(CacheWarmingRunner.class);
			CompletableFuture<Integer> warmedByA = CompletableFuture.supplyAsync(a::runAll);
			CompletableFuture<Integer> warmedByB = CompletableFuture.supplyAsync(b::runAll);
			assertThat(warmedByA.join() + warmedByB.join()).isEqualTo(100);
			assertThat(LOADS).hasValue(100);
			Catalog catalog = second.getBean(Catalog.class);
			for (int id = 1; id <= 100; id++) {
				assertThat(catalog.product(id)).isEqualTo("product-" + id);
			}
			assertThat(catalog.calls()).as("every entry was warmed").isZero();
			assertThat(a.runAll()).as("fresh entries are skipped").isZero();
		}));
	}

	@Test
	void entriesCloseToExpiryAreReloaded() {
		LOADS.set(0);
		this.runner.withPropertyValues("cachekit.cache.warming.refresh-below=1.0").run((context) -> {
			CacheWarmingRunner runner = context.getBean(CacheWarmingRunner.class);
			assertThat(runner.runAll()).isEqualTo(100);
			assertThat(runner.runAll()).as("every entry has less than its full TTL left").isEqualTo(100);
			assertThat(LOADS).hasValue(200);
		});
	}

	@Test
	void badRefreshFractionFailsStartup() {
		this.runner.withPropertyValues("cachekit.cache.warming.refresh-below=2")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("cachekit.cache.warming.refresh-below"));
	}

	@Test
	void warmingCanBeTurnedOff() {
		this.runner.withPropertyValues("cachekit.cache.warming.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(CacheWarmingRunner.class));
	}

	/** The cached service and its warmer. */
	static class Catalog {

		private final AtomicInteger calls = new AtomicInteger();

		public int calls() {
			return this.calls.get();
		}

		@Cacheable("top-product")
		public String product(long id) {
			this.calls.incrementAndGet();
			return "product-" + id;
		}

	}

	static class TopProductWarmer implements CacheWarmer {

		@Override
		public String cacheName() {
			return "top-product";
		}

		@Override
		public void warm(CacheWarming warming) {
			for (long id = 1; id <= 100; id++) {
				long key = id;
				warming.warm(key, () -> {
					LOADS.incrementAndGet();
					return "product-" + key;
				});
			}
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	@ImportDevServices(DevService.REDIS)
	static class WarmedApplication {

		@Bean
		Catalog catalog() {
			return new Catalog();
		}

		@Bean
		TopProductWarmer topProductWarmer() {
			return new TopProductWarmer();
		}

	}

}
