package io.cachekit.cache.stampede;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

import io.cachekit.cache.CacheSpec;
import io.cachekit.cache.CachekitCache;
import io.cachekit.cache.CachekitCacheManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stale-set race on real Redis: a reader loads an old value from the "database" and stalls; a writer
 * commits a new value and evicts (or puts); the reader resumes and writes what it loaded. With cachekit's
 * lease the late write is rejected, so the cache never ends older than the database. Every scenario also
 * runs with the protection off and must then end stale: the test can tell the difference.
 */
class StaleSetRaceIntegrationTests {

	private static final CacheSpec PROTECTED = CacheSpec.defaults().withSingleFlight(true);

	private static final CacheSpec UNPROTECTED = CacheSpec.defaults().withSingleFlight(false);

	private static RedissonClient redisson;

	private static ExecutorService threads;

	@BeforeAll
	static void connect() {
		redisson = TestManagers.redisson();
		threads = Executors.newFixedThreadPool(4);
	}

	@AfterAll
	static void disconnect() {
		threads.shutdownNow();
		redisson.shutdown();
	}

	@Test
	void lateLoadAfterAnEvictionIsRejected() throws Exception {
		assertThat(deterministicRace(PROTECTED, false)).isEqualTo("v2");
	}

	@Test
	void lateLoadAfterAPutIsRejected() throws Exception {
		assertThat(deterministicRace(PROTECTED, true)).isEqualTo("v2");
	}

	@Test
	void withoutProtectionTheLateLoadWinsAndTheCacheIsStale() throws Exception {
		assertThat(deterministicRace(UNPROTECTED, false)).isEqualTo("v1");
		assertThat(deterministicRace(UNPROTECTED, true)).isEqualTo("v1");
	}

	@Test
	void thousandRandomInterleavingsNeverEndStale() throws Exception {
		assertThat(randomInterleavings(PROTECTED, 1000)).isZero();
	}

	@Test
	void withoutProtectionRandomInterleavingsEndStale() throws Exception {
		assertThat(randomInterleavings(UNPROTECTED, 1000)).isPositive();
	}

	/**
	 * Reader loads v1 and stalls; writer commits v2 and evicts or puts it; reader resumes. Then the cache
	 * is read back through a loader that reads the database.
	 * @return what the cache serves afterwards
	 */
	private String deterministicRace(CacheSpec spec, boolean writerPuts) throws Exception {
		CachekitCacheManager manager = TestManagers.manager(redisson, TestManagers.namespace("race"), "race", spec);
		try {
			CachekitCache cache = manager.getCachekitCache("race");
			AtomicReference<String> database = new AtomicReference<>("v1");
			CountDownLatch loaded = new CountDownLatch(1);
			CountDownLatch resume = new CountDownLatch(1);
			Future<String> reader = threads.submit(() -> cache.get("k", () -> {
				String value = database.get();
				loaded.countDown();
				resume.await();
				return value;
			}));
			assertThat(loaded.await(10, TimeUnit.SECONDS)).isTrue();
			database.set("v2");
			if (writerPuts) {
				cache.put("k", "v2");
			}
			else {
				cache.evict("k");
			}
			resume.countDown();
			assertThat(reader.get(10, TimeUnit.SECONDS)).isEqualTo("v1");
			return cache.get("k", database::get);
		}
		finally {
			manager.destroy();
		}
	}

	/**
	 * One reader and one writer per round with random pauses around every step, on a fresh key each round.
	 * @return how many rounds ended with the cache holding a value older than the database
	 */
	private int randomInterleavings(CacheSpec spec, int rounds) throws Exception {
		CachekitCacheManager manager = TestManagers.manager(redisson, TestManagers.namespace("race"), "race", spec);
		try {
			CachekitCache cache = manager.getCachekitCache("race");
			int stale = 0;
			for (int round = 0; round < rounds; round++) {
				String key = "k" + round;
				AtomicLong database = new AtomicLong();
				boolean writerPuts = round % 2 == 0;
				CountDownLatch go = new CountDownLatch(1);
				Future<?> reader = threads.submit(() -> {
					go.await();
					pause(300);
					Callable<Object> loadFromDatabase = () -> {
						long value = database.get();
						pause(2000);
						return value;
					};
					return cache.get(key, loadFromDatabase);
				});
				Future<?> writer = threads.submit(() -> {
					go.await();
					pause(1500);
					long value = database.incrementAndGet();
					if (writerPuts) {
						cache.put(key, value);
					}
					else {
						cache.evict(key);
					}
					return null;
				});
				go.countDown();
				reader.get(10, TimeUnit.SECONDS);
				writer.get(10, TimeUnit.SECONDS);
				Long cached = cache.get(key, Long.class);
				if (cached != null && cached != database.get()) {
					stale++;
				}
			}
			return stale;
		}
		finally {
			manager.destroy();
		}
	}

	private static void pause(int maxMicros) {
		LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(ThreadLocalRandom.current().nextInt(maxMicros)));
	}

}
