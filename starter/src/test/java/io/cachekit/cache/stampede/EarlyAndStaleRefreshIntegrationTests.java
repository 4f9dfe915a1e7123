package io.cachekit.cache.stampede;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

import io.cachekit.cache.CacheSpec;
import io.cachekit.cache.CachekitCache;
import io.cachekit.cache.CachekitCacheManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stale-while-revalidate, stale-if-error and XFetch early refresh on real Redis.
 */
class EarlyAndStaleRefreshIntegrationTests {

	private static final Duration TTL = Duration.ofMillis(400);

	private static RedissonClient redisson;

	private static ExecutorService threads;

	private CachekitCacheManager manager;

	@BeforeAll
	static void connect() {
		redisson = TestManagers.redisson();
		threads = Executors.newFixedThreadPool(16);
	}

	@AfterAll
	static void disconnect() {
		threads.shutdownNow();
		redisson.shutdown();
	}

	@AfterEach
	void destroy() {
		if (this.manager != null) {
			this.manager.destroy();
		}
	}

	private CachekitCache cache(CacheSpec spec) {
		this.manager = TestManagers.manager(redisson, TestManagers.namespace("refresh"), "refresh", spec);
		return this.manager.getCachekitCache("refresh");
	}

	@Test
	void expiredEntryIsServedAtOnceWhileExactlyOneRefreshRuns() throws Exception {
		CachekitCache cache = cache(CacheSpec.defaults().withTtl(TTL).withJitter(0).withStaleTtl(Duration.ofSeconds(30)));
		assertThat(cache.get("k", () -> "v1")).isEqualTo("v1");
		Thread.sleep(TTL.toMillis() + 200);
		AtomicInteger loads = new AtomicInteger();
		CountDownLatch release = new CountDownLatch(1);
		List<Future<String>> readers = new ArrayList<>();
		for (int i = 0; i < 16; i++) {
			readers.add(threads.submit(() -> cache.get("k", () -> {
				loads.incrementAndGet();
				release.await();
				return "v2";
			})));
		}
		for (Future<String> reader : readers) {
			// the refresh is blocked, so every reader got its answer without waiting for it
			assertThat(reader.get(5, TimeUnit.SECONDS)).isEqualTo("v1");
		}
		awaitTrue(() -> loads.get() == 1);
		for (int i = 0; i < 16; i++) {
			assertThat(cache.get("k", () -> "unexpected")).isEqualTo("v1");
		}
		assertThat(loads).hasValue(1);
		release.countDown();
		// v2 is fresh for only 400 ms: a later refresh (when the machine stalls past that) loads v2 again
		awaitTrue(() -> "v2".equals(cache.get("k", () -> "v2")));
		awaitTrue(() -> cache.getStatistics().refreshes() >= 1);
		assertThat(loads).as("the blocked refresh was the only load of its kind").hasValue(1);
		assertThat(cache.getStatistics().staleServed()).isGreaterThanOrEqualTo(32);
	}

	@Test
	void failingRefreshKeepsServingTheStaleValueAndIsCounted() throws Exception {
		CachekitCache cache = cache(CacheSpec.defaults().withTtl(TTL).withJitter(0).withStaleTtl(Duration.ofSeconds(30)));
		cache.get("k", () -> "v1");
		Thread.sleep(TTL.toMillis() + 200);
		for (int i = 0; i < 5; i++) {
			Callable<String> failing = () -> {
				throw new IllegalStateException("database down");
			};
			assertThat(cache.get("k", failing)).isEqualTo("v1");
			awaitTrue(() -> cache.getStatistics().refreshErrors() > 0);
		}
		assertThat(cache.getStatistics().refreshErrors()).isBetween(1L, 5L);
		assertThat(cache.getStatistics().staleServed()).isEqualTo(5);
		assertThat(cache.get("k", () -> "v2")).as("a later refresh succeeds").isIn("v1", "v2");
		awaitTrue(() -> "v2".equals(cache.get("k", () -> "v2")));
	}

	@Test
	void withoutStaleTtlAnExpiredEntryIsAMiss() throws Exception {
		CachekitCache cache = cache(CacheSpec.defaults().withTtl(TTL).withJitter(0));
		cache.get("k", () -> "v1");
		Thread.sleep(TTL.toMillis() + 200);
		assertThat(cache.get("k", () -> "v2")).isEqualTo("v2");
		assertThat(cache.getStatistics().staleServed()).isZero();
	}

	@Test
	void earlyRefreshReloadsBeforeExpiryWhileServingTheCurrentValue() throws Exception {
		// a huge beta makes the first hit draw a refresh; beta 0 never does
		CachekitCache cache = cache(CacheSpec.defaults().withTtl(Duration.ofMinutes(5)).withEarlyRefreshBeta(1e9));
		AtomicInteger loads = new AtomicInteger();
		assertThat(cache.get("k", () -> "v" + loads.incrementAndGet())).isEqualTo("v1");
		assertThat(cache.get("k", () -> "v" + loads.incrementAndGet())).isEqualTo("v1");
		awaitTrue(() -> loads.get() == 2 && cache.getStatistics().refreshes() == 1);
		awaitTrue(() -> "v2".equals(cache.get("k", () -> "v" + loads.get())));
	}

	@Test
	void noEarlyRefreshWithBetaZero() throws Exception {
		CachekitCache cache = cache(CacheSpec.defaults().withTtl(Duration.ofMinutes(5)));
		AtomicInteger loads = new AtomicInteger();
		for (int i = 0; i < 100; i++) {
			assertThat(cache.get("k", () -> "v" + loads.incrementAndGet())).isEqualTo("v1");
		}
		Thread.sleep(200);
		assertThat(loads).hasValue(1);
		assertThat(cache.getStatistics().refreshes()).isZero();
	}

	private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as("condition not met within 10 s").isLessThan(deadline);
			Thread.sleep(10);
		}
	}

}
