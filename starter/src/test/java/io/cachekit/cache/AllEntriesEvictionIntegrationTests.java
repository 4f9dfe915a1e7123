package io.cachekit.cache;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
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
import io.cachekit.test.EmbeddedRedisServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @CacheEvict(allEntries = true)} issues the same Redis commands for 1,000 and 100,000 entries and
 * never {@code KEYS} or {@code SCAN}: counted with {@code INFO commandstats} on a private server.
 */
class AllEntriesEvictionIntegrationTests {

	private static EmbeddedRedisServer redis;

	@BeforeAll
	static void startRedis() {
		redis = EmbeddedRedisServer.start(0);
	}

	@AfterAll
	static void stopRedis() {
		redis.stop();
	}

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(RedissonAutoConfigurationV4.class, CachekitCacheAutoConfiguration.class))
		.withUserConfiguration(Services.class);

	@Test
	void allEntriesEvictionCostIsIndependentOfCacheSize() {
		long[] smallNanos = new long[1];
		long[] largeNanos = new long[1];
		Map<String, Long> small = commandsOfEvictAll("small", 1_000, smallNanos);
		Map<String, Long> large = commandsOfEvictAll("large", 100_000, largeNanos);
		System.out.printf("ALL ENTRIES eviction: %.2f ms for 1,000 entries, %.2f ms for 100,000 entries%n",
				smallNanos[0] / 1e6, largeNanos[0] / 1e6);
		assertThat(large).isEqualTo(small).doesNotContainKeys("keys", "scan", "del", "unlink");
		assertThat(large).containsKey("evalsha");
		// one token script and one PUBLISH either way; deleting 100,000 keys would take seconds
		assertThat(Duration.ofNanos(largeNanos[0])).isLessThan(Duration.ofNanos(smallNanos[0]).plusMillis(200));
	}

	@Test
	void cleanupOnClearDeletesTheFirstReplacedGeneration() {
		this.runner.withPropertyValues("spring.data.redis.port=" + redis.port(), "spring.data.redis.host=127.0.0.1",
				"cachekit.namespace=cleanup", "cachekit.cache.invalidation.cleanup-on-clear=true").run((context) -> {
					ProductService service = context.getBean(ProductService.class);
					service.product(0);
					RedissonClient redisson = context.getBean(RedissonClient.class);
					fill(redisson, entryPrefix(context), generation(context), 2_000);
					service.evictAll();
					long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
					while (redisson.getKeys().countExists(entries(entryPrefix(context), 2_000)) > 0) {
						assertThat(System.nanoTime()).as("the first generation deleted in the background").isLessThan(deadline);
						Thread.sleep(50);
					}
					service.product(0);
					assertThat(redisson.getKeys().countExists(entryPrefix(context) + "0")).as("the new generation stays")
						.isEqualTo(1);
					Thread.sleep(300);
					assertThat(redisson.getKeys().countExists(entryPrefix(context) + "0")).isEqualTo(1);
				});
	}

	private static String[] entries(String entryPrefix, int entries) {
		String[] keys = new String[entries + 1];
		for (int i = 0; i <= entries; i++) {
			keys[i] = entryPrefix + i;
		}
		return keys;
	}

	/** The prefix of the product cache's entries. */
	private static String entryPrefix(org.springframework.context.ApplicationContext context) {
		return context.getBean(CachekitCacheManager.class).getCachekitCache("product").storeKey("");
	}

	/** The product cache's current generation, which entries written now are stamped with. */
	private static long generation(org.springframework.context.ApplicationContext context) {
		CachekitCacheManager manager = context.getBean(CachekitCacheManager.class);
		return manager.getRuntime().metadata().generation(manager.getCachekitCache("product").getKeySegment());
	}

	private Map<String, Long> commandsOfEvictAll(String namespace, int entries, long[] evictNanos) {
		Map<String, Long> delta = new HashMap<>();
		this.runner.withPropertyValues("spring.data.redis.port=" + redis.port(), "spring.data.redis.host=127.0.0.1",
				"cachekit.namespace=" + namespace).run((context) -> {
					ProductService service = context.getBean(ProductService.class);
					service.product(0);
					fill(context.getBean(RedissonClient.class), entryPrefix(context), generation(context), entries);
					Thread.sleep(200);
					Map<String, Long> before = RawRedis.commandCalls(redis.port());
					long start = System.nanoTime();
					service.evictAll();
					evictNanos[0] = System.nanoTime() - start;
					Map<String, Long> after = RawRedis.commandCalls(redis.port());
					after.forEach((command, calls) -> {
						long diff = calls - before.getOrDefault(command, 0L);
						if (diff > 0 && !command.equals("info") && !command.equals("ping")) {
							delta.put(command, diff);
						}
					});
					service.product(0);
					assertThat(service.calls()).isEqualTo(2);
				});
		return delta;
	}

	private static void fill(RedissonClient redisson, String entryPrefix, long generation, int entries) {
		byte[] value = new EntryCodec().encode("{\"id\":1,\"name\":\"x\",\"labels\":[]}".getBytes(), generation, 0,
				600_000, new String[0], new long[0], 0);
		for (int start = 0; start < entries; start += 10_000) {
			RBatch batch = redisson.createBatch(BatchOptions.defaults());
			for (int i = start; i < Math.min(entries, start + 10_000); i++) {
				batch.getBucket(entryPrefix + (i + 1), ByteArrayCodec.INSTANCE)
					.setAsync(value, Duration.ofMinutes(10));
			}
			batch.execute();
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class Services {

		@Bean
		ProductService productService() {
			return new ProductService();
		}

	}

}
