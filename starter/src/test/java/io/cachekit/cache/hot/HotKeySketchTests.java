package io.cachekit.cache.hot;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The hot-key sketch on generated read streams: it finds the true heavy hitters of a Zipf stream, holds
 * nearly the read mass of the true top K, lets keys that stop being read cool down (and says so), and finds
 * nothing in particular in a uniform stream.
 */
class HotKeySketchTests {

	private static final int KEYS = 100_000;

	@Test
	void findsTheMostReadKeysOfAZipfStream() {
		HotKeySketch sketch = new HotKeySketch(64, (key) -> {
		}, Runnable::run);
		ZipfStream zipf = new ZipfStream(KEYS, 0.99, 1);
		for (int i = 0; i < 2_000_000; i++) {
			sketch.record((long) zipf.next());
		}
		List<Object> top = sketch.top(10).stream().map(HotKeys.HotKey::key).toList();
		// ranks 10 and 11 differ by about 10 %: the five hottest are certain, the rest are among the top 15
		assertThat(top).contains(0L, 1L, 2L, 3L, 4L).allSatisfy((key) -> assertThat((Long) key).isLessThan(15));
		assertThat(sketch.top(1).get(0).key()).isEqualTo(0L);
		assertThat(sketch.size()).isBetween(64, 128);
	}

	@Test
	void hotSetsOfOneAndTenPercentHoldNearlyTheReadsOfTheTrueTopKeys() {
		for (int capacity : new int[] { 1_000, 10_000 }) {
			HotKeySketch sketch = new HotKeySketch(capacity, (key) -> {
			});
			ZipfStream zipf = new ZipfStream(KEYS, 0.99, 2);
			for (int i = 0; i < 5_000_000; i++) {
				sketch.record((long) zipf.next());
			}
			Set<Object> hot = new HashSet<>();
			sketch.top(capacity).forEach((key) -> hot.add(key.key()));
			double held = 0;
			for (Object key : hot) {
				held += zipf.probability((int) (long) (Long) key);
			}
			double oracle = 0;
			for (int k = 0; k < capacity; k++) {
				oracle += zipf.probability(k);
			}
			assertThat(held / oracle).as("read mass of the hot set of %d against the true top %d", capacity, capacity)
				.isGreaterThan(0.95);
		}
	}

	@Test
	void keysThatStopBeingReadCoolDownAndTheListenerHearsIt() {
		Set<Object> cooled = ConcurrentHashMap.newKeySet();
		HotKeySketch sketch = new HotKeySketch(16, cooled::add, Runnable::run);
		for (int i = 0; i < 100_000; i++) {
			sketch.record("old-" + (i % 16));
		}
		assertThat(sketch.isHot("old-3")).isTrue();
		for (int i = 0; i < 2_000_000; i++) {
			sketch.record("new-" + (i % 16));
		}
		assertThat(sketch.isHot("old-3")).isFalse();
		assertThat(sketch.isHot("new-3")).isTrue();
		assertThat(cooled).contains("old-3");
		assertThat(sketch.top(16)).allSatisfy((hot) -> assertThat((String) hot.key()).startsWith("new-"));
	}

	@Test
	void atTheEndOfAWindowTheSetShrinksBackToItsCapacity() {
		Set<Object> cooled = ConcurrentHashMap.newKeySet();
		HotKeySketch sketch = new HotKeySketch(4, cooled::add, Runnable::run);
		for (int i = 0; i < 100; i++) {
			List.of("a", "b", "c", "d").forEach(sketch::record);
		}
		for (int i = 0; i < 10; i++) {
			sketch.record("e");
			sketch.record("f");
		}
		// six candidates, then seven with g: below the eight that make newcomers push keys out
		assertThat(sketch.size()).isEqualTo(6);
		for (int i = 0; i < 30_000; i++) {
			sketch.record("g");
		}
		assertThat(sketch.size()).isEqualTo(4);
		assertThat(cooled).contains("e", "f");
		assertThat(sketch.isHot("g")).isTrue();
	}

	@Test
	void aUniformStreamHasNoStandOutKey() {
		HotKeySketch sketch = new HotKeySketch(64, (key) -> {
		}, Runnable::run);
		SplittableRandom random = new SplittableRandom(3);
		for (int i = 0; i < 1_000_000; i++) {
			sketch.record((long) random.nextInt(KEYS));
		}
		List<HotKeys.HotKey> top = sketch.top(64);
		// every key is read about 10 times; a count-min estimate can only err upwards, and not by much
		assertThat(top.get(0).reads()).isLessThan(60);
	}

	@Test
	void readersOnManyThreadsNeverFailWhileTheSetIsTrimmedAndDecayed() throws Exception {
		// trims and decays on the common pool, as in production, while four readers record
		HotKeySketch sketch = new HotKeySketch(100, (key) -> {
		});
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			List<Future<?>> readers = new ArrayList<>();
			for (int t = 0; t < 4; t++) {
				long seed = t;
				readers.add(pool.submit(() -> {
					ZipfStream zipf = new ZipfStream(10_000, 0.8, seed);
					for (int i = 0; i < 1_000_000; i++) {
						sketch.record((long) zipf.next());
						if (i % 50_000 == 0) {
							sketch.top(10);
						}
					}
				}));
			}
			for (Future<?> reader : readers) {
				reader.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(sketch.top(3).stream().map(HotKeys.HotKey::key).toList()).contains(0L);
	}

	@Test
	void readsServedInProcessAreSampledButCountAsMuchAsOthers() {
		// capacity 4,096: a decay window of about 160,000 reads, so no halving within these 8,000
		HotKeySketch sketch = new HotKeySketch(4_096, (key) -> {
		}, Runnable::run);
		for (int i = 0; i < 4_000; i++) {
			sketch.record("from-redis");
			sketch.recordNearHit("in-process");
		}
		long fromRedis = reads(sketch, "from-redis");
		long inProcess = reads(sketch, "in-process");
		assertThat(fromRedis).isEqualTo(4_000);
		assertThat((double) inProcess / fromRedis).isBetween(0.8, 1.2);
	}

	@Test
	void keysOfBulkLookupsAreSampledButCountAsMuchAsOthers() {
		// capacity 4,096: a decay window of about 160,000 reads, so no halving within these 8,000
		HotKeySketch sketch = new HotKeySketch(4_096, (key) -> {
		}, Runnable::run);
		List<Object> batch = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			batch.add("bulk-" + i);
		}
		for (int i = 0; i < 4_000; i++) {
			sketch.record("single");
			sketch.recordAll(batch);
		}
		long single = reads(sketch, "single");
		assertThat(single).isEqualTo(4_000);
		for (Object key : batch) {
			assertThat((double) reads(sketch, key) / single).as("reads of %s", key).isBetween(0.8, 1.2);
		}
	}

	private static long reads(HotKeySketch sketch, Object key) {
		return sketch.top(16).stream().filter((hot) -> hot.key().equals(key)).mapToLong(HotKeys.HotKey::reads)
			.findFirst().orElse(0);
	}

	@Test
	void aHugeCapacityIsBoundedInMemoryAndANullKeyIsIgnored() {
		HotKeySketch sketch = new HotKeySketch(Integer.MAX_VALUE / 8, (key) -> {
		}, Runnable::run);
		sketch.record(null);
		sketch.record("k");
		assertThat(sketch.isHot("k")).isTrue();
	}

	@Test
	void rejectsACapacityBelowOne() {
		assertThatIllegalArgumentException().isThrownBy(() -> new HotKeySketch(0, (key) -> {
		})).withMessageContaining("at least 1");
	}

	/** Zipf(skew) over n keys, key 0 the most read. */
	static final class ZipfStream {

		private final double[] cdf;

		private final double total;

		private final SplittableRandom random;

		ZipfStream(int n, double skew, long seed) {
			this.cdf = new double[n];
			double sum = 0;
			for (int i = 0; i < n; i++) {
				sum += 1 / Math.pow(i + 1, skew);
				this.cdf[i] = sum;
			}
			this.total = sum;
			this.random = new SplittableRandom(seed);
		}

		int next() {
			double u = this.random.nextDouble() * this.total;
			int low = 0;
			int high = this.cdf.length - 1;
			while (low < high) {
				int middle = (low + high) >>> 1;
				if (this.cdf[middle] < u) {
					low = middle + 1;
				}
				else {
					high = middle;
				}
			}
			return low;
		}

		double probability(int key) {
			return (this.cdf[key] - ((key > 0) ? this.cdf[key - 1] : 0)) / this.total;
		}

	}

}
