package io.cachekit.cache;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.redisson.spring.starter.RedissonAutoConfigurationV4;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.cachekit.autoconfigure.CachekitCacheAutoConfiguration;
import io.cachekit.test.EmbeddedRedisServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis losing the keys that invalidations depend on, as a restart without persistence, a failover to a
 * replica that missed the write, or an eviction under {@code maxmemory} does: a cleared cache never serves its
 * old entries again when its generation key is lost, a tagged entry never becomes fresh again when its tag's
 * version is lost, and a flush of everything serves the source's current values. Each test first proves the
 * loss landed (the key is gone).
 */
class RedisStateLossIntegrationTests {

	private final EmbeddedRedisServer redis = EmbeddedRedisServer.start(0);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RedissonAutoConfigurationV4.class, CachekitCacheAutoConfiguration.class))
		.withUserConfiguration(Catalog.class)
		.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + this.redis.port(),
				"cachekit.namespace=shop", "cachekit.cache.caches.products.ttl=10m",
				"cachekit.cache.invalidation.metadata-refresh=200ms");

	@AfterEach
	void stop() {
		this.redis.close();
	}

	@Test
	void lostGenerationNeverBringsBackEntriesOfAClearedCache() {
		this.runner.run((context) -> {
			Products products = context.getBean(Products.class);
			products.change(90L, "old name");
			assertThat(products.product(90)).isEqualTo("old name");
			products.change(90L, "new name");
			products.clear();
			// not read since the clear: the entry of the first generation is still in Redis
			assertThat(this.redis.command("EXISTS", "shop:products:90")).isEqualTo("1");
			assertThat(this.redis.command("DEL", "shop:products:~gen")).as("the generation is lost").isEqualTo("1");
			// a counter would come back at its first value, that of the stored entry; a token never does. Every
			// instance re-reads its view within the refresh interval; none may see the old entry again
			long end = System.nanoTime() + Duration.ofSeconds(2).toNanos();
			while (System.nanoTime() < end) {
				assertThat(products.product(90)).isEqualTo("new name");
			}
			assertThat(this.redis.command("EXISTS", "shop:products:~gen")).as("a new generation").isEqualTo("1");
		});
	}

	@Test
	void lostTagVersionNeverMakesATaggedEntryFreshAgain() {
		this.runner.run((context) -> {
			Products products = context.getBean(Products.class);
			CacheOperations operations = context.getBean(CacheOperations.class);
			products.change(7L, "old");
			assertThat(products.tagged(7)).isEqualTo("old");
			products.change(7L, "newer");
			operations.evictTag("product:7");
			// not read since the eviction: the entry stamped with the tag's first version is still in Redis
			assertThat(this.redis.command("EXISTS", "shop:tagged:7")).isEqualTo("1");
			assertThat(this.redis.command("DEL", "shop:~tag:product%3a7")).as("the tag version is lost").isEqualTo("1");
			long end = System.nanoTime() + Duration.ofSeconds(2).toNanos();
			while (System.nanoTime() < end) {
				assertThat(products.tagged(7)).isEqualTo("newer");
			}
		});
	}

	@Test
	void flushOfEverythingServesTheSourceAndCachesAgain() {
		this.runner.run((context) -> {
			Products products = context.getBean(Products.class);
			products.change(1L, "before");
			assertThat(products.product(1)).isEqualTo("before");
			products.clear();
			products.change(1L, "after");
			assertThat(products.product(1)).isEqualTo("after");
			this.redis.command("SET", "marker", "1");
			assertThat(this.redis.command("FLUSHALL")).isEqualTo("OK");
			assertThat(this.redis.command("EXISTS", "marker")).as("the flush landed").isEqualTo("0");
			await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> {
				int calls = products.calls();
				assertThat(products.product(1)).isEqualTo("after");
				assertThat(products.product(1)).isEqualTo("after");
				assertThat(products.calls()).as("cached again").isEqualTo(calls + 1);
			});
		});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class Catalog {

		@Bean
		Products products() {
			return new Products();
		}

	}

	static class Products {

		private final Map<Long, String> source = new ConcurrentHashMap<>();

		private volatile int calls;

		void change(long id, String value) {
			this.source.put(id, value);
		}

		int calls() {
			return this.calls;
		}

		@Cacheable("products")
		public String product(long id) {
			this.calls++;
			return this.source.get(id);
		}

		@Cacheable("tagged")
		@CacheTags("'product:' + #id")
		public String tagged(long id) {
			this.calls++;
			return this.source.get(id);
		}

		@CacheEvict(cacheNames = "products", allEntries = true)
		public void clear() {
		}

	}

}
