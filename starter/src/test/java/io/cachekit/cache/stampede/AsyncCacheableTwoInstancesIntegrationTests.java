package io.cachekit.cache.stampede;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import io.cachekit.cache.CacheTtl;
import io.cachekit.cache.CachekitCache;
import io.cachekit.cache.CachekitCacheManager;
import io.cachekit.cache.StoreCallRecorder;
import io.cachekit.test.DevService;
import io.cachekit.test.EmbeddedRedisServer;
import io.cachekit.test.ImportDevServices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code @Cacheable} on methods returning {@code Mono}, {@code Flux} and {@code CompletableFuture}, through
 * Spring's asynchronous cache contract ({@code Cache.retrieve}), with the guarantees of the synchronous path:
 * two instances on one real Redis, 64 concurrent subscribers each, one load per key; the TTL of
 * {@link CacheTtl}; the near cache and its coherence; fail-open when Redis is down. Every Redis call is
 * recorded with its thread: none runs on a Reactor thread or on a subscriber's.
 */
class AsyncCacheableTwoInstancesIntegrationTests {

	private static final int SUBSCRIBERS_PER_INSTANCE = 64;

	private static final Map<String, AtomicInteger> LOADS = new ConcurrentHashMap<>();

	private static final Set<String> REDIS_THREADS = ConcurrentHashMap.newKeySet();

	private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

	private static ConfigurableApplicationContext instanceA;

	private static ConfigurableApplicationContext instanceB;

	private static ExecutorService subscribers;

	@BeforeAll
	static void startInstances() {
		instanceA = start();
		instanceB = start();
		AtomicInteger count = new AtomicInteger();
		subscribers = Executors.newFixedThreadPool(2 * SUBSCRIBERS_PER_INSTANCE,
				(runnable) -> new Thread(runnable, "subscriber-" + count.incrementAndGet()));
	}

	@AfterAll
	static void stopInstances() {
		subscribers.shutdownNow();
		instanceA.close();
		instanceB.close();
	}

	@BeforeEach
	void forgetThreads() {
		REDIS_THREADS.clear();
	}

	private static ConfigurableApplicationContext start(String... properties) {
		return start(DevServicesInstance.class, properties);
	}

	private static ConfigurableApplicationContext start(Class<?> configuration, String... properties) {
		List<String> all = new ArrayList<>(List.of("spring.main.banner-mode=off", "cachekit.namespace=async-" + RUN,
				"cachekit.cache.default-ttl=10m", "cachekit.cache.caches.near.near-cache.enabled=true"));
		all.addAll(List.of(properties));
		return new SpringApplicationBuilder(configuration).web(WebApplicationType.NONE)
			.properties(all.toArray(String[]::new))
			.run();
	}

	@Test
	void monoMethodsLoadOnceAcrossTwoInstances() throws Exception {
		assertThat(stampede("mono-sync", (loader, key) -> loader.monoSync(key).toFuture())).containsOnly(1);
		assertThat(stampede("mono-plain", (loader, key) -> loader.monoPlain(key).toFuture())).containsOnly(1);
		assertNoRedisCallOnAReactorOrSubscriberThread();
	}

	@Test
	void completableFutureMethodsLoadOnceAcrossTwoInstances() throws Exception {
		assertThat(stampede("future-sync", AsyncLoader::futureSync)).containsOnly(1);
		assertThat(stampede("future-plain", AsyncLoader::futurePlain)).containsOnly(1);
		assertNoRedisCallOnAReactorOrSubscriberThread();
	}

	@Test
	void fluxIsCachedAsTheListOfItsElements() {
		AsyncLoader a = instanceA.getBean(AsyncLoader.class);
		AsyncLoader b = instanceB.getBean(AsyncLoader.class);
		String key = "flux-" + RUN;
		assertThat(a.flux(key).collectList().block(Duration.ofSeconds(10))).containsExactly("a-" + key, "b-" + key);
		assertThat(b.flux(key).collectList().block(Duration.ofSeconds(10))).containsExactly("a-" + key, "b-" + key);
		assertThat(LOADS.get(key)).hasValue(1);
	}

	@Test
	void cacheTtlOnAMonoMethodSetsTheEntrysTtl() {
		String key = "ttl-" + RUN;
		assertThat(instanceA.getBean(AsyncLoader.class).monoTtl(key).block(Duration.ofSeconds(10)))
			.isEqualTo("value-of-" + key);
		CachekitCache cache = instanceA.getBean(CachekitCacheManager.class).getCachekitCache("ttl");
		RedissonClient redisson = instanceA.getBean(RedissonClient.class);
		// the put after a Mono's value is deferred to cachekit's write thread: wait for the entry to land
		// 45s plus or minus the default 10 % jitter, not the 10m default
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(redisson.getKeys().remainTimeToLive(cache.storeKey(key)))
				.isBetween(39_000L, 50_000L));
	}

	@Test
	void nearCacheServesMonoHitsAndStaysCoherentAcrossInstances() {
		AsyncLoader a = instanceA.getBean(AsyncLoader.class);
		AsyncLoader b = instanceB.getBean(AsyncLoader.class);
		String key = "near-" + RUN;
		assertThat(b.monoNear(key).block(Duration.ofSeconds(10))).isEqualTo("value-of-" + key);
		CachekitCache nearOfB = instanceB.getBean(CachekitCacheManager.class).getCachekitCache("near");
		long nearHits = nearOfB.getStatistics().nearHits();
		// the put after a Mono's value is deferred to cachekit's threads: the near copy follows it shortly
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			assertThat(b.monoNear(key).block(Duration.ofSeconds(10))).isEqualTo("value-of-" + key);
			assertThat(nearOfB.getStatistics().nearHits()).isGreaterThan(nearHits);
		});
		// a put on A reaches B's near cache through the invalidation bus
		instanceA.getBean(CachekitCacheManager.class).getCachekitCache("near").put(key, "changed");
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(b.monoNear(key).block(Duration.ofSeconds(10))).isEqualTo("changed"));
		assertThat(LOADS.get(key)).hasValue(1);
	}

	@Test
	void aMonoMethodStillAnswersWhenRedisIsDown() {
		EmbeddedRedisServer redis = EmbeddedRedisServer.start(0);
		try (ConfigurableApplicationContext alone = start(AsyncInstance.class, "spring.data.redis.url=" + redis.url(),
				"cachekit.resilience.instances.cache.timeout=200ms")) {
			AsyncLoader loader = alone.getBean(AsyncLoader.class);
			String key = "down-" + RUN;
			assertThat(loader.monoPlain(key).block(Duration.ofSeconds(10))).isEqualTo("value-of-" + key);
			redis.stop();
			long start = System.nanoTime();
			assertThat(loader.monoPlain(key).block(Duration.ofSeconds(10))).isEqualTo("value-of-" + key);
			assertThat(loader.monoSync(key).block(Duration.ofSeconds(10))).isEqualTo("value-of-" + key);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).as("fail-open within the timeouts")
				.isLessThan(Duration.ofSeconds(5));
			assertThat(LOADS.get(key).get()).as("loaded again without Redis").isGreaterThanOrEqualTo(2);
		}
		finally {
			redis.close();
		}
	}

	/**
	 * For each of 5 keys, releases 64 subscribers on each instance at once and counts the loads.
	 */
	private static List<Integer> stampede(String run,
			BiFunction<AsyncLoader, String, CompletableFuture<String>> call) throws Exception {
		AsyncLoader a = instanceA.getBean(AsyncLoader.class);
		AsyncLoader b = instanceB.getBean(AsyncLoader.class);
		List<Integer> loadsPerKey = new ArrayList<>();
		for (int k = 0; k < 5; k++) {
			String key = run + "-" + k + "-" + RUN;
			CountDownLatch start = new CountDownLatch(1);
			List<Future<String>> results = new ArrayList<>();
			for (int s = 0; s < 2 * SUBSCRIBERS_PER_INSTANCE; s++) {
				AsyncLoader instance = (s % 2 == 0) ? a : b;
				results.add(subscribers.submit(() -> {
					start.await();
					return call.apply(instance, key).get(30, TimeUnit.SECONDS);
				}));
			}
			start.countDown();
			for (Future<String> result : results) {
				assertThat(result.get(60, TimeUnit.SECONDS)).isEqualTo("value-of-" + key);
			}
			loadsPerKey.add(LOADS.get(key).get());
		}
		return loadsPerKey;
	}

	private static void assertNoRedisCallOnAReactorOrSubscriberThread() {
		assertThat(REDIS_THREADS).as("threads that called Redis").isNotEmpty().noneMatch((name) -> name.startsWith(
				"parallel-") || name.startsWith("boundedElastic-") || name.startsWith("single-")
				|| name.startsWith("reactor-") || name.startsWith("subscriber-"));
		assertThat(REDIS_THREADS).anyMatch((name) -> name.startsWith("cachekit-async-"));
	}

	private static String load(String key) {
		LOADS.computeIfAbsent(key, (k) -> new AtomicInteger()).incrementAndGet();
		return "value-of-" + key;
	}

	/**
	 * Cached methods whose loads take 100 ms without blocking a thread; loads are counted per key in this JVM
	 * (both instances share the count).
	 */
	static class AsyncLoader {

		@Cacheable(cacheNames = "mono-sync", sync = true)
		public Mono<String> monoSync(String key) {
			return Mono.defer(() -> Mono.delay(Duration.ofMillis(100)).map((tick) -> load(key)));
		}

		@Cacheable("mono-plain")
		public Mono<String> monoPlain(String key) {
			return Mono.defer(() -> Mono.delay(Duration.ofMillis(100)).map((tick) -> load(key)));
		}

		@Cacheable(cacheNames = "future-sync", sync = true)
		public CompletableFuture<String> futureSync(String key) {
			return CompletableFuture.supplyAsync(() -> load(key),
					CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS));
		}

		@Cacheable("future-plain")
		public CompletableFuture<String> futurePlain(String key) {
			return CompletableFuture.supplyAsync(() -> load(key),
					CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS));
		}

		@Cacheable("flux")
		public Flux<String> flux(String key) {
			return Flux.defer(() -> {
				load(key);
				return Flux.just("a-" + key, "b-" + key).delayElements(Duration.ofMillis(10));
			});
		}

		@Cacheable("ttl")
		@CacheTtl("45s")
		public Mono<String> monoTtl(String key) {
			return Mono.fromSupplier(() -> load(key));
		}

		@Cacheable("near")
		public Mono<String> monoNear(String key) {
			return Mono.fromSupplier(() -> load(key));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ImportDevServices(DevService.REDIS)
	@Import(AsyncInstance.class)
	static class DevServicesInstance {

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@EnableCaching
	static class AsyncInstance {

		@Bean
		AsyncLoader asyncLoader() {
			return new AsyncLoader();
		}

		/** Records the thread of every call to Redis that goes through the cache's store. */
		@Bean
		static BeanPostProcessor recordRedisThreads() {
			return StoreCallRecorder.recording((method) -> REDIS_THREADS.add(Thread.currentThread().getName()));
		}

	}

}
