package io.cachekit.cache.stampede;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
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
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Supplier;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.redisson.api.RedissonClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import io.cachekit.cache.CacheOperations;
import io.cachekit.cache.CacheTags;
import io.cachekit.cache.CacheTtl;
import io.cachekit.cache.CachekitCache;
import io.cachekit.cache.CachekitCacheManager;
import io.cachekit.cache.StoreCallRecorder;
import io.cachekit.cache.actuate.CachekitCacheMeterBinder;
import io.cachekit.test.DevService;
import io.cachekit.test.EmbeddedRedisServer;
import io.cachekit.test.ImportDevServices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code @Cacheable}, {@code @CachePut} and {@code @CacheEvict} on methods returning {@code Mono}, {@code Flux}
 * and {@code CompletableFuture}, through Spring's asynchronous cache contract ({@code Cache.retrieve}), with the
 * guarantees of the synchronous path: two instances on one real Redis, 64 concurrent subscribers each, one load
 * per key; the TTL of {@link CacheTtl} with jitter; the near cache and its coherence, tagged copies included;
 * no stale set; meters; fail-open when Redis is down. Methods are called on Reactor threads and every Redis
 * call is recorded with its thread: none runs on a Reactor thread or on a subscriber's.
 */
class AsyncCacheableTwoInstancesIntegrationTests {

	private static final int SUBSCRIBERS_PER_INSTANCE = 64;

	private static final Map<String, AtomicInteger> LOADS = new ConcurrentHashMap<>();

	private static final Set<String> REDIS_THREADS = ConcurrentHashMap.newKeySet();

	private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

	private static final Duration METADATA_REFRESH = Duration.ofMillis(300);

	private static final AtomicReference<Race> RACE = new AtomicReference<>();

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
				"cachekit.cache.default-ttl=10m", "cachekit.cache.caches.near.near-cache.enabled=true",
				"cachekit.cache.caches.tagged.near-cache.enabled=true", "cachekit.cache.caches.edit.near-cache.enabled=true",
				"cachekit.cache.invalidation.metadata-refresh=" + METADATA_REFRESH.toMillis() + "ms"));
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

	@ParameterizedTest
	@EnumSource
	void cacheTtlSetsTheEntrysTtlWithJitter(Async async) {
		AsyncLoader a = instanceA.getBean(AsyncLoader.class);
		CachekitCache cache = instanceA.getBean(CachekitCacheManager.class).getCachekitCache("ttl");
		RedissonClient redisson = instanceA.getBean(RedissonClient.class);
		List<Long> ttls = new ArrayList<>();
		for (int k = 0; k < 12; k++) {
			String key = "ttl-" + async + "-" + k + "-" + RUN;
			assertThat(async.call(() -> a.monoTtl(key), () -> a.futureTtl(key))).isEqualTo("value-of-" + key);
			// the put after the result is deferred to cachekit's write thread: wait for the entry to land
			await().atMost(Duration.ofSeconds(5))
				.until(() -> redisson.getKeys().remainTimeToLive(cache.storeKey(key)), (ttl) -> ttl > 0);
			ttls.add(redisson.getKeys().remainTimeToLive(cache.storeKey(key)));
		}
		// 45s plus or minus the default 10 % jitter, not the 10m default, spread over the band
		assertThat(ttls).allSatisfy((ttl) -> assertThat(ttl).isBetween(39_000L, 50_000L));
		assertThat(Collections.max(ttls) - Collections.min(ttls)).as("jitter spreads the TTLs").isGreaterThan(2_000L);
		assertNoRedisCallOnAReactorOrSubscriberThread();
	}

	@ParameterizedTest
	@EnumSource
	void nearCacheServesHitsAndStaysCoherentAcrossInstances(Async async) {
		AsyncLoader b = instanceB.getBean(AsyncLoader.class);
		String key = "near-" + async + "-" + RUN;
		Supplier<String> callB = () -> async.call(() -> b.monoNear(key), () -> b.futureNear(key));
		assertThat(callB.get()).isEqualTo("value-of-" + key);
		CachekitCache nearOfB = instanceB.getBean(CachekitCacheManager.class).getCachekitCache("near");
		long nearHits = nearOfB.getStatistics().nearHits();
		// the put after the result is deferred to cachekit's threads: the near copy follows it shortly
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			assertThat(callB.get()).isEqualTo("value-of-" + key);
			assertThat(nearOfB.getStatistics().nearHits()).isGreaterThan(nearHits);
		});
		// a put on A reaches B's near cache through the invalidation bus
		instanceA.getBean(CachekitCacheManager.class).getCachekitCache("near").put(key, "changed");
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(callB.get()).isEqualTo("changed"));
		assertThat(LOADS.get(key)).hasValue(1);
		assertNoRedisCallOnAReactorOrSubscriberThread();
	}

	/**
	 * A near copy of a tagged entry is served only while its tags' versions are current; checking them may need
	 * Redis (after the metadata refresh interval, or after another instance evicted a tag), which must then
	 * happen on cachekit's threads, not on the Reactor thread that called the method.
	 */
	@ParameterizedTest
	@EnumSource
	void taggedNearCopiesAreCheckedAgainstRedisOffTheReactorThread(Async async) throws Exception {
		AsyncLoader b = instanceB.getBean(AsyncLoader.class);
		String key = "tagged-" + async + "-" + RUN;
		Supplier<String> callB = () -> async.call(() -> b.monoTagged(key), () -> b.futureTagged(key));
		CachekitCache taggedOfB = instanceB.getBean(CachekitCacheManager.class).getCachekitCache("tagged");
		assertThat(callB.get()).isEqualTo("load-1-of-" + key);
		await().atMost(Duration.ofSeconds(5)).until(() -> taggedOfB.getNearCache().get(key) != null);
		long nearHits = taggedOfB.getStatistics().nearHits();
		assertThat(callB.get()).isEqualTo("load-1-of-" + key);
		// the tag's version is now older than the metadata refresh interval (300 ms): it must be read again
		Thread.sleep(METADATA_REFRESH.multipliedBy(2).toMillis());
		assertThat(taggedOfB.getNearCache().get(key)).as("near copy still held").isNotNull();
		assertThat(callB.get()).isEqualTo("load-1-of-" + key);
		assertThat(taggedOfB.getStatistics().nearHits()).as("served from the near cache").isGreaterThan(nearHits + 1);
		// another instance evicts the tag: B's copy is checked against the new version and not served
		instanceA.getBean(CacheOperations.class).evictTag("tag:" + key);
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(callB.get()).isEqualTo("load-2-of-" + key));
		assertThat(LOADS.get(key)).hasValue(2);
		assertNoRedisCallOnAReactorOrSubscriberThread();
	}

	@ParameterizedTest
	@EnumSource
	void cachePutWritesWithItsTtlAndCacheEvictRemovesOnBothInstances(Async async) {
		AsyncLoader a = instanceA.getBean(AsyncLoader.class);
		AsyncLoader b = instanceB.getBean(AsyncLoader.class);
		String key = "edit-" + async + "-" + RUN;
		CachekitCache editOfB = instanceB.getBean(CachekitCacheManager.class).getCachekitCache("edit");
		RedissonClient redisson = instanceA.getBean(RedissonClient.class);
		Supplier<String> readA = () -> async.call(() -> a.monoEdited(key), () -> a.futureEdited(key));
		Supplier<String> readB = () -> async.call(() -> b.monoEdited(key), () -> b.futureEdited(key));
		assertThat(async.call(() -> a.monoPut(key, "put"), () -> a.futurePut(key, "put"))).isEqualTo("put");
		// 45s of @CacheTtl plus or minus the default 10 % jitter, once the deferred put landed
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(redisson.getKeys().remainTimeToLive(editOfB.storeKey(key)))
				.isBetween(39_000L, 50_000L));
		assertThat(readB.get()).isEqualTo("put");
		await().atMost(Duration.ofSeconds(5)).until(() -> editOfB.getNearCache().get(key) != null);
		assertThat(readA.get()).isEqualTo("put");
		assertThat(LOADS.get(key)).as("nothing loaded while the put is cached").isNull();
		assertThat(async.call(() -> a.monoEvict(key).thenReturn("evicted"),
				() -> a.futureEvict(key).thenApply((done) -> "evicted")))
			.isEqualTo("evicted");
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(redisson.getKeys().remainTimeToLive(editOfB.storeKey(key))).isEqualTo(-2));
		// B's near copy was dropped over the bus: both instances load the value again, once
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(readB.get()).isEqualTo("value-of-" + key));
		assertThat(readA.get()).isEqualTo("value-of-" + key);
		assertThat(LOADS.get(key)).hasValue(1);
		assertNoRedisCallOnAReactorOrSubscriberThread();
	}

	/**
	 * The stale-set race of {@link StaleSetRaceIntegrationTests} on a {@code Mono} method: A loads v1 and stalls
	 * without holding a thread; the database moves to v2 and B evicts the entry; A's load completes. Its value
	 * goes to its caller but not into the cache, with and without {@code sync = true}.
	 */
	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void anEvictionDuringASlowMonoLoadKeepsTheOlderValueOutOfTheCache(boolean sync) throws Exception {
		AsyncLoader a = instanceA.getBean(AsyncLoader.class);
		AsyncLoader b = instanceB.getBean(AsyncLoader.class);
		String cacheName = sync ? "race-sync" : "race";
		String key = cacheName + "-" + RUN;
		Race race = new Race("v1");
		RACE.set(race);
		CachekitCache cacheOfA = instanceA.getBean(CachekitCacheManager.class).getCachekitCache(cacheName);
		long rejected = cacheOfA.getStatistics().staleSetsRejected();
		CompletableFuture<String> reader = Mono.defer(() -> sync ? a.monoRaceSync(key) : a.monoRace(key))
			.subscribeOn(Schedulers.parallel())
			.toFuture();
		assertThat(race.loaded.await(10, TimeUnit.SECONDS)).isTrue();
		race.database.set("v2");
		instanceB.getBean(CachekitCacheManager.class).getCachekitCache(cacheName).evict(key);
		race.resume.complete(null);
		assertThat(reader.get(10, TimeUnit.SECONDS)).isEqualTo("v1");
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(cacheOfA.getStatistics().staleSetsRejected()).isGreaterThan(rejected));
		Supplier<Mono<String>> readB = () -> sync ? b.monoRaceSync(key) : b.monoRace(key);
		assertThat(Async.MONO.call(readB, null)).isEqualTo("v2");
		assertThat(Async.MONO.call(() -> sync ? a.monoRaceSync(key) : a.monoRace(key), null)).isEqualTo("v2");
		assertNoRedisCallOnAReactorOrSubscriberThread();
	}

	@ParameterizedTest
	@EnumSource
	void asyncCallsMoveTheCacheMeters(Async async) {
		AsyncLoader a = instanceA.getBean(AsyncLoader.class);
		String key = "meters-" + async + "-" + RUN;
		CachekitCache cache = instanceA.getBean(CachekitCacheManager.class)
			.getCachekitCache((async == Async.MONO) ? "mono-sync" : "future-sync");
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		new CachekitCacheMeterBinder(cache, List.of()).bindTo(meters);
		double hits = gets(meters, "hit");
		double misses = gets(meters, "miss");
		double loads = meters.get("cache.load").functionTimer().count();
		assertThat(async.call(() -> a.monoSync(key), () -> a.futureSync(key))).isEqualTo("value-of-" + key);
		assertThat(gets(meters, "miss")).isGreaterThan(misses);
		assertThat(meters.get("cache.load").functionTimer().count()).isEqualTo(loads + 1);
		assertThat(gets(meters, "hit")).isEqualTo(hits);
		assertThat(async.call(() -> a.monoSync(key), () -> a.futureSync(key))).isEqualTo("value-of-" + key);
		assertThat(gets(meters, "hit")).isEqualTo(hits + 1);
		assertThat(meters.get("cache.load").functionTimer().count()).isEqualTo(loads + 1);
		assertThat(cache.getStatistics().loads()).isEqualTo((long) loads + 1);
		assertNoRedisCallOnAReactorOrSubscriberThread();
	}

	private static double gets(SimpleMeterRegistry meters, String result) {
		return meters.get("cache.gets").tag("result", result).functionCounter().count();
	}

	@ParameterizedTest
	@EnumSource
	void stillAnswersWhenRedisIsDown(Async async) {
		EmbeddedRedisServer redis = EmbeddedRedisServer.start(0);
		try (ConfigurableApplicationContext alone = start(AsyncInstance.class, "spring.data.redis.url=" + redis.url(),
				"cachekit.resilience.instances.cache.timeout=200ms")) {
			AsyncLoader loader = alone.getBean(AsyncLoader.class);
			String key = "down-" + async + "-" + RUN;
			Supplier<String> plain = () -> async.call(() -> loader.monoPlain(key), () -> loader.futurePlain(key));
			Supplier<String> sync = () -> async.call(() -> loader.monoSync(key), () -> loader.futureSync(key));
			assertThat(plain.get()).isEqualTo("value-of-" + key);
			redis.stop();
			long start = System.nanoTime();
			assertThat(plain.get()).isEqualTo("value-of-" + key);
			assertThat(sync.get()).isEqualTo("value-of-" + key);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).as("fail-open within the timeouts")
				.isLessThan(Duration.ofSeconds(5));
			assertThat(LOADS.get(key).get()).as("loaded again without Redis").isGreaterThanOrEqualTo(2);
			assertNoRedisCallOnAReactorOrSubscriberThread();
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
		count(key);
		return "value-of-" + key;
	}

	private static int count(String key) {
		return LOADS.computeIfAbsent(key, (k) -> new AtomicInteger()).incrementAndGet();
	}

	/** The two asynchronous return types the tests run with. */
	enum Async {

		MONO, FUTURE;

		/**
		 * Calls the method of this type on a Reactor thread, as a reactive application would, and waits for its
		 * value.
		 */
		<T> T call(Supplier<Mono<T>> mono, Supplier<CompletableFuture<T>> future) {
			Mono<T> result = (this == MONO) ? Mono.defer(mono) : Mono.fromFuture(future);
			return result.subscribeOn(Schedulers.parallel()).block(Duration.ofSeconds(10));
		}

	}

	/**
	 * A "database" read that stalls after reading until it is resumed, without holding a thread.
	 */
	static final class Race {

		final AtomicReference<String> database;

		final CountDownLatch loaded = new CountDownLatch(1);

		final CompletableFuture<Void> resume = new CompletableFuture<>();

		Race(String value) {
			this.database = new AtomicReference<>(value);
		}

		Mono<String> read() {
			return Mono.defer(() -> {
				String value = this.database.get();
				this.loaded.countDown();
				return Mono.fromFuture(this.resume).thenReturn(value);
			});
		}

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

		@Cacheable("ttl")
		@CacheTtl("45s")
		public CompletableFuture<String> futureTtl(String key) {
			return later(() -> load(key));
		}

		@Cacheable("near")
		public Mono<String> monoNear(String key) {
			return Mono.fromSupplier(() -> load(key));
		}

		@Cacheable("near")
		public CompletableFuture<String> futureNear(String key) {
			return later(() -> load(key));
		}

		@Cacheable("tagged")
		@CacheTags("'tag:' + #key")
		public Mono<String> monoTagged(String key) {
			return Mono.fromSupplier(() -> "load-" + count(key) + "-of-" + key);
		}

		@Cacheable("tagged")
		@CacheTags("'tag:' + #key")
		public CompletableFuture<String> futureTagged(String key) {
			return later(() -> "load-" + count(key) + "-of-" + key);
		}

		@CachePut(cacheNames = "edit", key = "#key")
		@CacheTtl("45s")
		public Mono<String> monoPut(String key, String value) {
			return Mono.just(value);
		}

		@CachePut(cacheNames = "edit", key = "#key")
		@CacheTtl("45s")
		public CompletableFuture<String> futurePut(String key, String value) {
			return later(() -> value);
		}

		@CacheEvict(cacheNames = "edit", key = "#key")
		public Mono<Void> monoEvict(String key) {
			return Mono.delay(Duration.ofMillis(10)).then();
		}

		@CacheEvict(cacheNames = "edit", key = "#key")
		public CompletableFuture<Void> futureEvict(String key) {
			return later(() -> null);
		}

		@Cacheable(cacheNames = "edit", key = "#key")
		public Mono<String> monoEdited(String key) {
			return Mono.fromSupplier(() -> load(key));
		}

		@Cacheable(cacheNames = "edit", key = "#key")
		public CompletableFuture<String> futureEdited(String key) {
			return later(() -> load(key));
		}

		@Cacheable("race")
		public Mono<String> monoRace(String key) {
			return RACE.get().read();
		}

		@Cacheable(cacheNames = "race-sync", sync = true)
		public Mono<String> monoRaceSync(String key) {
			return RACE.get().read();
		}

		private static <T> CompletableFuture<T> later(Supplier<T> value) {
			return CompletableFuture.supplyAsync(value, CompletableFuture.delayedExecutor(10, TimeUnit.MILLISECONDS));
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
