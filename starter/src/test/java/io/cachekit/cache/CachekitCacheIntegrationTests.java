package io.cachekit.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.spring.starter.RedissonAutoConfigurationV4;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.cachekit.autoconfigure.CachekitCacheAutoConfiguration;
import io.cachekit.cache.entry.EntryCodec;
import io.cachekit.test.DevService;
import io.cachekit.test.ImportDevServices;

import static org.assertj.core.api.Assertions.assertThat;

class CachekitCacheIntegrationTests {

	private final String namespace = "it-" + UUID.randomUUID().toString().substring(0, 8);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(RedissonAutoConfigurationV4.class, CachekitCacheAutoConfiguration.class))
		.withUserConfiguration(TestConfiguration.class)
		.withPropertyValues("cachekit.namespace=" + this.namespace, "cachekit.cache.caches.product.ttl=1h");

	@Test
	void secondCallIsServedFromRedis() {
		this.runner.run((context) -> {
			ProductService service = context.getBean(ProductService.class);
			assertThat(service.product(1)).isEqualTo(Product.of(1));
			assertThat(service.product(1)).isEqualTo(Product.of(1));
			assertThat(service.calls()).isEqualTo(1);
			assertThat(keys(context.getBean(RedissonClient.class), "product")).containsExactly(
					storeKey(context, "product", 1));
		});
	}

	@Test
	void genericAndOptionalReturnTypesRoundTrip() {
		this.runner.run((context) -> {
			ProductService service = context.getBean(ProductService.class);
			assertThat(service.list(3)).hasSize(3);
			assertThat(service.list(3)).first().isInstanceOf(Product.class);
			assertThat(service.optional(5)).contains(Product.of(5));
			assertThat(service.optional(5)).contains(Product.of(5));
			assertThat(service.calls()).isEqualTo(2);
		});
	}

	@Test
	void everyKeyHasATtlSpreadOverTheJitterBand() {
		this.runner.withPropertyValues("cachekit.cache.default-ttl=10m").run((context) -> {
			ProductService service = context.getBean(ProductService.class);
			for (int i = 0; i < 1000; i++) {
				service.other(i);
			}
			RedissonClient redisson = context.getBean(RedissonClient.class);
			List<Long> ttls = new ArrayList<>();
			for (String key : keys(redisson, "other")) {
				ttls.add(redisson.getBucket(key, ByteArrayCodec.INSTANCE).remainTimeToLive());
			}
			long tenMinutes = Duration.ofMinutes(10).toMillis();
			assertThat(ttls).hasSize(1000).allSatisfy((ttl) -> assertThat(ttl).isPositive()
				.isBetween((long) (tenMinutes * 0.9) - 5000, (long) (tenMinutes * 1.1)));
			long lowerHalf = ttls.stream().filter((ttl) -> ttl < tenMinutes).count();
			assertThat(lowerHalf).isBetween(350L, 650L);
			assertThat(ttls.stream().distinct().count()).isGreaterThan(900);
			// the whole ±10 % band is used: each tenth of it holds about 100 of the 1,000 entries
			for (int tenth = 0; tenth < 10; tenth++) {
				long from = Math.round(tenMinutes * (0.9 + 0.02 * tenth));
				long to = Math.round(tenMinutes * (0.9 + 0.02 * (tenth + 1)));
				assertThat(ttls.stream().filter((ttl) -> ttl >= from && ttl < to).count())
					.as("entries with a TTL between %d and %d ms", from, to).isGreaterThan(40);
			}
		});
	}

	@Test
	void annotationTtlWinsOverCacheTtlWhichWinsOverDefault() {
		this.runner.withPropertyValues("cachekit.cache.default-ttl=10m").run((context) -> {
			ProductService service = context.getBean(ProductService.class);
			service.shortLived("abc");
			service.product(1);
			service.other(1);
			RedissonClient redisson = context.getBean(RedissonClient.class);
			assertThat(ttl(redisson, storeKey(context, "product", "abc"))).isBetween(20_000L, 33_000L);
			assertThat(ttl(redisson, storeKey(context, "product", 1))).isBetween(3_200_000L, 3_960_000L);
			assertThat(ttl(redisson, storeKey(context, "other", 1))).isBetween(530_000L, 660_000L);
		});
	}

	@Test
	void nullResultsAreCachedWithTheNullTtl() {
		this.runner.withPropertyValues("cachekit.cache.null-ttl=20s").run((context) -> {
			ProductService service = context.getBean(ProductService.class);
			assertThat(service.missing(1)).isNull();
			assertThat(service.missing(1)).isNull();
			assertThat(service.calls()).isEqualTo(1);
			assertThat(ttl(context.getBean(RedissonClient.class), storeKey(context, "missing", 1)))
				.isBetween(1L, 22_000L);
		});
	}

	@Test
	void nullResultsAreNotCachedWhenDisabled() {
		this.runner.withPropertyValues("cachekit.cache.cache-nulls=false").run((context) -> {
			ProductService service = context.getBean(ProductService.class);
			service.missing(1);
			service.missing(1);
			assertThat(service.calls()).isEqualTo(2);
		});
	}

	@Test
	void conditionAndUnlessAreHonoured() {
		this.runner.run((context) -> {
			ProductService service = context.getBean(ProductService.class);
			service.conditional(0);
			service.conditional(0);
			service.conditional(7);
			service.conditional(7);
			service.conditional(8);
			service.conditional(8);
			assertThat(service.calls()).isEqualTo(5);
		});
	}

	@Test
	void evictDeletesOneKey() {
		this.runner.run((context) -> {
			ProductService service = context.getBean(ProductService.class);
			service.product(1);
			service.product(2);
			service.evict(1);
			service.product(1);
			service.product(2);
			assertThat(service.calls()).isEqualTo(3);
		});
	}

	@Test
	void cachePutWritesThrough() {
		this.runner.run((context) -> {
			ProductService service = context.getBean(ProductService.class);
			service.product(1);
			Product renamed = new Product(1, "renamed", List.of());
			service.save(renamed);
			assertThat(service.product(1)).isEqualTo(renamed);
			assertThat(service.calls()).isEqualTo(2);
		});
	}

	@Test
	void allEntriesEvictionMovesToANewGeneration() {
		this.runner.run((context) -> {
			ProductService service = context.getBean(ProductService.class);
			CachekitCacheManager manager = context.getBean(CachekitCacheManager.class);
			String segment = manager.getCachekitCache("product").getKeySegment();
			service.product(1);
			long before = manager.getRuntime().metadata().generation(segment);
			service.evictAll();
			service.product(1);
			assertThat(service.calls()).isEqualTo(2);
			assertThat(manager.getRuntime().metadata().generation(segment)).isNotEqualTo(before);
			RedissonClient redisson = context.getBean(RedissonClient.class);
			byte[] stored = redisson.<byte[]>getBucket(storeKey(context, "product", 1), ByteArrayCodec.INSTANCE).get();
			assertThat(new EntryCodec().decode(stored).generation()).as("rewritten in the new generation")
				.isEqualTo(manager.getRuntime().metadata().generation(segment));
		});
	}

	@Test
	void tagEvictionInvalidatesOnlyTaggedEntries() {
		this.runner.run((context) -> {
			ProductService service = context.getBean(ProductService.class);
			CacheOperations operations = context.getBean(CacheOperations.class);
			service.tagged(1);
			service.tagged(2);
			operations.evictTag("product:1");
			service.tagged(1);
			service.tagged(2);
			assertThat(service.calls()).isEqualTo(3);
			operations.evictTag("all-products");
			service.tagged(1);
			service.tagged(2);
			assertThat(service.calls()).isEqualTo(5);
		});
	}

	@Test
	void tagEvictionIsSeenByAnotherInstance() {
		this.runner.run((first) -> this.runner.run((second) -> {
			ProductService one = first.getBean(ProductService.class);
			ProductService two = second.getBean(ProductService.class);
			one.tagged(1);
			two.tagged(1);
			assertThat(one.calls() + two.calls()).isEqualTo(1);
			first.getBean(CacheOperations.class).evictTag("product:1");
			long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
			while (two.calls() == 0 && System.nanoTime() < deadline) {
				two.tagged(1);
				Thread.sleep(20);
			}
			assertThat(two.calls()).isEqualTo(1);
		}));
	}

	@Test
	void syncLoadsOncePerInstance() {
		this.runner.run((context) -> {
			ProductService service = context.getBean(ProductService.class);
			ExecutorService pool = Executors.newFixedThreadPool(16);
			try {
				List<Future<Product>> results = new ArrayList<>();
				for (int i = 0; i < 16; i++) {
					results.add(pool.submit(() -> service.synced(1)));
				}
				for (Future<Product> result : results) {
					assertThat(result.get()).isEqualTo(Product.of(1));
				}
			}
			finally {
				pool.shutdownNow();
			}
			assertThat(service.calls()).isEqualTo(1);
		});
	}

	@Test
	void operationsReadAndChangeTtl() {
		this.runner.run((context) -> {
			ProductService service = context.getBean(ProductService.class);
			CacheOperations operations = context.getBean(CacheOperations.class);
			service.product(1);
			assertThat(operations.remainingTtl("product", 1L).ttl()).isGreaterThan(Duration.ofMinutes(50));
			assertThat(operations.expire("product", 1L, Duration.ofSeconds(5))).isTrue();
			assertThat(operations.remainingTtl("product", 1L).ttl()).isLessThanOrEqualTo(Duration.ofSeconds(5));
			assertThat(operations.persist("product", 1L)).isTrue();
			assertThat(operations.remainingTtl("product", 1L).persistent()).isTrue();
			assertThat(operations.remainingTtl("product", 99L).exists()).isFalse();
		});
	}

	@Test
	void operationsEvictByPattern() {
		this.runner.run((context) -> {
			ProductService service = context.getBean(ProductService.class);
			for (int i = 0; i < 30; i++) {
				service.product(i);
			}
			assertThat(context.getBean(CacheOperations.class).evictMatching("product", "1*")).isEqualTo(11);
			assertThat(keys(context.getBean(RedissonClient.class), "product")).hasSize(19);
		});
	}

	private List<String> keys(RedissonClient redisson, String cache) {
		List<String> keys = new ArrayList<>();
		redisson.getKeys().getKeysByPattern(this.namespace + ":" + cache + ":*").forEach((key) -> {
			if (!key.endsWith(":~gen")) {
				keys.add(key);
			}
		});
		return keys;
	}

	/** The Redis key of an entry, in its cache's current generation. */
	private static String storeKey(org.springframework.context.ApplicationContext context, String cache, Object key) {
		return ((CachekitCache) context.getBean(org.springframework.cache.CacheManager.class).getCache(cache))
			.storeKey(key);
	}

	private static long ttl(RedissonClient redisson, String key) {
		return redisson.getBucket(key, ByteArrayCodec.INSTANCE).remainTimeToLive();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	@ImportDevServices(DevService.REDIS)
	static class TestConfiguration {

		@Bean
		ProductService productService() {
			return new ProductService();
		}

	}

}
