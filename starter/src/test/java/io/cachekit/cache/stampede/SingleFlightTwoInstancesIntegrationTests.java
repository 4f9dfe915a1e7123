package io.cachekit.cache.stampede;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.spring.data.connection.RedissonConnectionFactory;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.cache.RedisCacheConfiguration;
import org.springframework.data.redis.cache.RedisCacheManager;

import io.cachekit.cache.CachekitCacheManager;
import io.cachekit.test.DevService;
import io.cachekit.test.ImportDevServices;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two application contexts ("instances") on one real Redis, 64 threads each, all miss the same key at the
 * same moment; the loader sleeps 100 ms. With cachekit the loader runs once in total, for each of 100
 * keys. The same run against Spring's {@link RedisCacheManager} with {@code sync = true} loads at least
 * once per instance: its lock is only JVM-wide (the anchor comparison).
 */
class SingleFlightTwoInstancesIntegrationTests {

	private static final int THREADS_PER_INSTANCE = 64;

	private static final Map<String, AtomicInteger> LOADS = new ConcurrentHashMap<>();

	private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

	private static ConfigurableApplicationContext cachekitA;

	private static ConfigurableApplicationContext cachekitB;

	private static ExecutorService threads;

	@BeforeAll
	static void startInstances() {
		cachekitA = start(CachekitInstance.class);
		cachekitB = start(CachekitInstance.class);
		threads = Executors.newFixedThreadPool(2 * THREADS_PER_INSTANCE);
	}

	@AfterAll
	static void stopInstances() {
		threads.shutdownNow();
		cachekitA.close();
		cachekitB.close();
	}

	private static ConfigurableApplicationContext start(Class<?> configuration) {
		return new SpringApplicationBuilder(configuration).web(WebApplicationType.NONE)
			.properties("spring.main.banner-mode=off", "cachekit.namespace=sf-" + RUN,
					"cachekit.cache.caches.slow.ttl=10m", "cachekit.cache.caches.slow-plain.ttl=10m")
			.run();
	}

	@Test
	void oneLoadAcrossTwoInstancesFor100Keys() throws Exception {
		SlowLoader a = cachekitA.getBean(SlowLoader.class);
		SlowLoader b = cachekitB.getBean(SlowLoader.class);
		List<Integer> loadsPerKey = stampede("sync", 100, a::loadSync, b::loadSync);
		assertThat(loadsPerKey).hasSize(100).containsOnly(1);
		assertThat(cachekitA.getBean(CachekitCacheManager.class).getCachekitCache("slow").getStatistics().leaseWaits()
				+ cachekitB.getBean(CachekitCacheManager.class).getCachekitCache("slow").getStatistics().leaseWaits())
			.as("the instance that did not load waited for the landing")
			.isGreaterThanOrEqualTo(100);
	}

	@Test
	void oneLoadAcrossTwoInstancesWithoutSync() throws Exception {
		SlowLoader a = cachekitA.getBean(SlowLoader.class);
		SlowLoader b = cachekitB.getBean(SlowLoader.class);
		List<Integer> loadsPerKey = stampede("plain", 20, a::loadPlain, b::loadPlain);
		assertThat(loadsPerKey).hasSize(20).containsOnly(1);
	}

	@Test
	void springRedisCacheManagerWithSyncLoadsOncePerInstance() throws Exception {
		try (ConfigurableApplicationContext springA = start(SpringInstance.class);
				ConfigurableApplicationContext springB = start(SpringInstance.class)) {
			assertThat(springA.getBean(CacheManager.class)).isInstanceOf(RedisCacheManager.class);
			SlowLoader a = springA.getBean(SlowLoader.class);
			SlowLoader b = springB.getBean(SlowLoader.class);
			List<Integer> loadsPerKey = stampede("spring", 10, a::loadSync, b::loadSync);
			assertThat(loadsPerKey.stream().mapToInt(Integer::intValue).sum()).isGreaterThanOrEqualTo(2 * 10);
			assertThat(loadsPerKey).allSatisfy((loads) -> assertThat(loads).isGreaterThanOrEqualTo(2));
		}
	}

	/**
	 * For each key, releases all threads of both instances at once and counts the loader's runs.
	 */
	private static List<Integer> stampede(String run, int keys, BiFunction<String, String, String> instanceA,
			BiFunction<String, String, String> instanceB) throws Exception {
		List<Integer> loadsPerKey = new ArrayList<>();
		for (int k = 0; k < keys; k++) {
			String key = run + "-" + k;
			CountDownLatch start = new CountDownLatch(1);
			List<Future<String>> results = new ArrayList<>();
			for (int t = 0; t < 2 * THREADS_PER_INSTANCE; t++) {
				BiFunction<String, String, String> instance = (t % 2 == 0) ? instanceA : instanceB;
				results.add(threads.submit(() -> {
					start.await();
					return instance.apply(RUN, key);
				}));
			}
			start.countDown();
			for (Future<String> result : results) {
				assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo("value-of-" + key);
			}
			loadsPerKey.add(LOADS.get(RUN + key).get());
		}
		return loadsPerKey;
	}

	/**
	 * The loader: counts its runs per key in this JVM (both instances share the count) and takes 100 ms.
	 */
	static class SlowLoader {

		@Cacheable(cacheNames = "slow", sync = true)
		public String loadSync(String run, String key) {
			return slowLoad(key);
		}

		@Cacheable(cacheNames = "slow-plain")
		public String loadPlain(String run, String key) {
			return slowLoad(key);
		}

		private static String slowLoad(String key) {
			LOADS.computeIfAbsent(RUN + key, (k) -> new AtomicInteger()).incrementAndGet();
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return "value-of-" + key;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@EnableCaching
	@ImportDevServices(DevService.REDIS)
	static class CachekitInstance {

		@Bean
		SlowLoader slowLoader() {
			return new SlowLoader();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@EnableCaching
	@ImportDevServices(DevService.REDIS)
	static class SpringInstance {

		@Bean
		SlowLoader slowLoader() {
			return new SlowLoader();
		}

		@Bean
		RedisCacheManager cacheManager(RedissonClient redisson) {
			return RedisCacheManager.builder(new RedissonConnectionFactory(redisson))
				.cacheDefaults(RedisCacheConfiguration.defaultCacheConfig()
					.entryTtl(Duration.ofMinutes(10))
					.prefixCacheNameWith("spring-sf-" + RUN + ":"))
				.build();
		}

	}

}
