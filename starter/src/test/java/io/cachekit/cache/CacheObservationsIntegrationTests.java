package io.cachekit.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

import org.springframework.cache.Cache;

import io.cachekit.cache.access.CacheObservations;
import io.cachekit.cache.near.InvalidationBus;
import io.cachekit.cache.store.RedisCacheStore;
import io.cachekit.cache.store.RedisEventChannel;
import io.cachekit.test.TestRedisson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The cache's observations on a real Redis, through Micrometer's meter handler as Spring Boot's actuator installs
 * it: {@code cachekit.cache.get} for each lookup that reaches Redis (never for a near-cache hit),
 * {@code cachekit.cache.load} for each load, and {@code cachekit.cache.lease.wait} for a caller that waits for
 * another's load, in this instance or another; tagged with the cache name and an outcome, never a key.
 */
class CacheObservationsIntegrationTests {

	private static final String NAMESPACE = "test-cache-obs-" + UUID.randomUUID().toString().substring(0, 8);

	private static final String KEY = "product-4711";

	private static RedissonClient redisson;

	private static RedissonClient otherRedisson;

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final List<CachekitCacheManager> managers = new ArrayList<>();

	private final ExecutorService executor = Executors.newFixedThreadPool(2);

	@BeforeAll
	static void connect() {
		redisson = TestRedisson.shared();
		otherRedisson = TestRedisson.shared();
	}

	@AfterAll
	static void disconnect() {
		redisson.getKeys().deleteByPattern("*" + NAMESPACE + "*");
		redisson.shutdown();
		otherRedisson.shutdown();
	}

	@AfterEach
	void stop() {
		this.executor.shutdownNow();
		this.managers.forEach(CachekitCacheManager::destroy);
	}

	@Test
	void aMissThenAHitAreTimedPerCacheNeverPerKey() throws Exception {
		Cache products = cache(redisson, this.meters, "products", CacheSpec.defaults());
		assertThat(products.get(KEY)).isNull();
		assertThat(products.get(KEY, () -> "answer")).isEqualTo("answer");
		assertThat(products.get(KEY, () -> "not loaded again")).isEqualTo("answer");
		assertThat(products.get(KEY).get()).isEqualTo("answer");
		assertThat(timer(CacheObservations.GET, "products", "miss").count()).isEqualTo(2);
		assertThat(timer(CacheObservations.GET, "products", "hit").count()).isEqualTo(2);
		assertThat(timer(CacheObservations.LOAD, "products", "loaded").count()).isEqualTo(1);
		assertThat(this.meters.find(CacheObservations.LEASE_WAIT).timers()).isEmpty();
		assertNoTagNamesTheKey();
	}

	@Test
	void aFailedLoadIsTimedAsFailed() {
		Cache products = cache(redisson, this.meters, "failing", CacheSpec.defaults());
		assertThatExceptionOfType(Cache.ValueRetrievalException.class).isThrownBy(() -> products.get(KEY, () -> {
			throw new IllegalStateException("database down");
		}));
		Timer failed = timer(CacheObservations.LOAD, "failing", "failed");
		assertThat(failed.count()).isEqualTo(1);
		assertThat(failed.getId().getTag("error")).isEqualTo("IllegalStateException");
	}

	@Test
	void nearCacheHitsAreNotObserved() throws Exception {
		CachekitCache products = cache(redisson, this.meters, "near",
				CacheSpec.defaults().withNearCache(100, Duration.ofMinutes(1)));
		// values are kept in process only once the bus hears its channel
		CachekitCacheManager manager = this.managers.get(this.managers.size() - 1);
		await().atMost(Duration.ofSeconds(10)).until(() -> manager.getRuntime().bus().isHealthy());
		assertThat(products.get(KEY, () -> "answer")).isEqualTo("answer");
		for (int i = 0; i < 5; i++) {
			assertThat(products.get(KEY).get()).isEqualTo("answer");
			assertThat(products.retrieve(KEY).get(5, TimeUnit.SECONDS)).isNotNull();
		}
		assertThat(products.getStatistics().nearHits()).isEqualTo(10);
		assertThat(this.meters.find(CacheObservations.GET).timers()).singleElement()
			.satisfies((miss) -> assertThat(miss.getId().getTag("outcome")).isEqualTo("miss"))
			.satisfies((miss) -> assertThat(miss.count()).isEqualTo(1));
	}

	@Test
	void asynchronousLookupsAreObservedOnCachekitsThreads() throws Exception {
		Cache products = cache(redisson, this.meters, "async", CacheSpec.defaults());
		assertThat(products.retrieve(KEY).get(5, TimeUnit.SECONDS)).isNull();
		assertThat(products.retrieve(KEY, () -> CompletableFuture.completedFuture("answer"))
			.get(5, TimeUnit.SECONDS)).isEqualTo("answer");
		assertThat(products.retrieve(KEY).get(5, TimeUnit.SECONDS)).isNotNull();
		assertThat(timer(CacheObservations.GET, "async", "miss").count()).isEqualTo(2);
		assertThat(timer(CacheObservations.GET, "async", "hit").count()).isEqualTo(1);
		assertThat(timer(CacheObservations.LOAD, "async", "loaded").count()).isEqualTo(1);
		assertNoTagNamesTheKey();
	}

	@Test
	void aCallerWaitingForAnotherInstancesLoadIsTimedUntilTheValueLands() throws Exception {
		Cache instanceA = cache(redisson, new SimpleMeterRegistry(), "shared", CacheSpec.defaults());
		Cache instanceB = cache(otherRedisson, this.meters, "shared", CacheSpec.defaults());
		HeldLoad loader = holdLoad(instanceA, "from A");
		Future<Object> waiter = this.executor.submit(() -> instanceB.get(KEY, () -> "from B"));
		awaitActiveWait();
		Thread.sleep(100);
		loader.release().countDown();
		assertThat(loader.result().get(5, TimeUnit.SECONDS)).isEqualTo("from A");
		assertThat(waiter.get(5, TimeUnit.SECONDS)).isEqualTo("from A");
		Timer landed = timer(CacheObservations.LEASE_WAIT, "shared", "landed");
		assertThat(landed.count()).isEqualTo(1);
		assertThat(landed.totalTime(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(90);
		assertThat(this.meters.find(CacheObservations.LOAD).timers()).as("B did not load").isEmpty();
		assertNoTagNamesTheKey();
	}

	@Test
	void aWaitThatRunsOutIsTimedAsTimedOutAndTheCallerLoads() throws Exception {
		Cache instanceA = cache(redisson, new SimpleMeterRegistry(), "slow", CacheSpec.defaults());
		Cache instanceB = cache(otherRedisson, this.meters, "slow", CacheSpec.defaults(),
				(builder) -> builder.leaseWaitTimeout(Duration.ofMillis(200)));
		HeldLoad loader = holdLoad(instanceA, "from A");
		assertThat(instanceB.get(KEY, () -> "from B")).isEqualTo("from B");
		loader.release().countDown();
		loader.result().get(5, TimeUnit.SECONDS);
		Timer timedOut = timer(CacheObservations.LEASE_WAIT, "slow", "timed-out");
		assertThat(timedOut.count()).isEqualTo(1);
		assertThat(timedOut.totalTime(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(190);
		assertThat(timer(CacheObservations.LOAD, "slow", "loaded").count()).isEqualTo(1);
	}

	@Test
	void aSecondCallerInTheSameInstanceWaitsForTheFirstsLoad() throws Exception {
		Cache products = cache(redisson, this.meters, "local", CacheSpec.defaults());
		HeldLoad first = holdLoad(products, "first");
		Future<Object> second = this.executor.submit(() -> products.get(KEY, () -> "second"));
		awaitActiveWait();
		first.release().countDown();
		assertThat(first.result().get(5, TimeUnit.SECONDS)).isEqualTo("first");
		assertThat(second.get(5, TimeUnit.SECONDS)).isEqualTo("first");
		assertThat(timer(CacheObservations.LEASE_WAIT, "local", "landed").count()).isEqualTo(1);
		assertThat(timer(CacheObservations.LOAD, "local", "loaded").count()).isEqualTo(1);
		assertThat(timer(CacheObservations.GET, "local", "miss").count()).isEqualTo(2);
	}

	@Test
	void aRegistryThatObservesNothingCreatesNoObservation() {
		assertThat(new CacheObservations("products", ObservationRegistry.NOOP).startGet()).isNull();
		assertThat(new CacheObservations("products", ObservationRegistry.create()).startLeaseWait()).isNull();
		Cache products = cache(redisson, this.meters, "unobserved", CacheSpec.defaults(),
				(builder) -> builder.observationRegistry(ObservationRegistry.NOOP));
		products.get(KEY, () -> "answer");
		assertThat(this.meters.getMeters()).isEmpty();
	}

	private CachekitCache cache(RedissonClient client, SimpleMeterRegistry meters, String name, CacheSpec spec) {
		return cache(client, meters, name, spec, UnaryOperator.identity());
	}

	private CachekitCache cache(RedissonClient client, SimpleMeterRegistry meters, String name, CacheSpec spec,
			UnaryOperator<CachekitCacheManager.Builder> customizer) {
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
		CachekitCacheManager.Builder builder = CachekitCacheManager
			.builder(new RedisCacheStore(client, Duration.ofSeconds(2)))
			.namespace(NAMESPACE)
			.cache(name, spec)
			.observationRegistry(observations)
			.nearCacheBus((channel, listener) -> new InvalidationBus(
					new RedisEventChannel(client, Duration.ofSeconds(2)), channel, listener,
					// heartbeats of 1 s: a stall of a loaded machine must not turn the near cache off mid-test
					Duration.ofSeconds(1)));
		CachekitCacheManager manager = customizer.apply(builder).build();
		this.managers.add(manager);
		return manager.getCachekitCache(name);
	}

	private Timer timer(String name, String cache, String outcome) {
		return this.meters.get(name).tag("cache", cache).tag("outcome", outcome).timer();
	}

	/** Waits until a caller is waiting for another's load (Micrometer's handler times active observations). */
	private void awaitActiveWait() throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (System.nanoTime() < deadline) {
			LongTaskTimer active = this.meters.find(CacheObservations.LEASE_WAIT + ".active").longTaskTimer();
			if (active != null && active.activeTasks() == 1) {
				return;
			}
			Thread.sleep(5);
		}
		throw new AssertionError("No caller started waiting for the load");
	}

	private void assertNoTagNamesTheKey() {
		assertThat(this.meters.getMeters()).isNotEmpty()
			.allSatisfy((Meter meter) -> assertThat(meter.getId().getTags())
				.noneMatch((tag) -> tag.getValue().contains("4711")));
	}

	/** Starts a load of {@link #KEY} on {@code cache} that holds its lease until released. */
	private HeldLoad holdLoad(Cache cache, String value) throws InterruptedException {
		CountDownLatch loading = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Future<Object> result = this.executor.submit(() -> cache.get(KEY, () -> {
			loading.countDown();
			release.await(10, TimeUnit.SECONDS);
			return value;
		}));
		assertThat(loading.await(5, TimeUnit.SECONDS)).isTrue();
		return new HeldLoad(result, release);
	}

	/** A load in progress and the latch that lets it finish. */
	private record HeldLoad(Future<Object> result, CountDownLatch release) {
	}

}
