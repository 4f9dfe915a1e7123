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
		assertThat(large).containsKey("incr");
		// one INCR and one PUBLISH either way; deleting 100,000 keys would take seconds
		assertThat(Duration.ofNanos(largeNanos[0])).isLessThan(Duration.ofNanos(smallNanos[0]).plusMillis(200));
	}

	@Test
	void cleanupOnClearDeletesTheFirstReplacedGeneration() {
		this.runner.withPropertyValues("spring.data.redis.port=" + redis.port(), "spring.data.redis.host=127.0.0.1",
				"cachekit.cache.namespace=cleanup", "cachekit.cache.cleanup-on-clear=true").run((context) -> {
					ProductService service = context.getBean(ProductService.class);
					service.product(0);
					RedissonClient redisson = context.getBean(RedissonClient.class);
					fill(redisson, "cleanup", 2_000);
					service.evictAll();
					long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
					while (redisson.getKeys().countExists(generationZero(2_000)) > 0) {
						assertThat(System.nanoTime()).as("generation 0 deleted in the background").isLessThan(deadline);
						Thread.sleep(50);
					}
					service.product(0);
					assertThat(redisson.getKeys().countExists("cleanup:product:1:0")).as("the new generation stays")
						.isEqualTo(1);
				});
	}

	private static String[] generationZero(int entries) {
		String[] keys = new String[entries + 1];
		for (int i = 0; i <= entries; i++) {
			keys[i] = "cleanup:product:0:" + i;
		}
		return keys;
	}

	private Map<String, Long> commandsOfEvictAll(String namespace, int entries, long[] evictNanos) {
		Map<String, Long> delta = new HashMap<>();
		this.runner.withPropertyValues("spring.data.redis.port=" + redis.port(), "spring.data.redis.host=127.0.0.1",
				"cachekit.cache.namespace=" + namespace).run((context) -> {
					ProductService service = context.getBean(ProductService.class);
					service.product(0);
					fill(context.getBean(RedissonClient.class), namespace, entries);
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

	private static void fill(RedissonClient redisson, String namespace, int entries) {
		byte[] value = new EntryCodec().encode("{\"id\":1,\"name\":\"x\",\"labels\":[]}".getBytes(), 0, 600_000,
				new String[0], new long[0], 0);
		for (int start = 0; start < entries; start += 10_000) {
			RBatch batch = redisson.createBatch(BatchOptions.defaults());
			for (int i = start; i < Math.min(entries, start + 10_000); i++) {
				batch.getBucket(namespace + ":product:0:" + (i + 1), ByteArrayCodec.INSTANCE)
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
