package io.cachekit.cache;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.cache.Cache;
import org.springframework.cache.support.NullValue;

import io.cachekit.cache.access.CacheInvocation;
import io.cachekit.cache.access.PendingValues;
import io.cachekit.cache.store.CacheStore;
import io.cachekit.cache.store.InMemoryCacheStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The cache's logic in the fast tier: the whole {@link CachekitCache} (reads and freshness, the lease loop,
 * the TTL policy, invalidation, pending values, fail-open) over the {@link InMemoryCacheStore}, with no
 * server, in a few seconds. Two managers sharing one store stand for two instances. The integration tier runs
 * the same behaviours against real Redis.
 */
class CachekitCacheFastTests {

	private static final CacheSpec TEN_MINUTES = CacheSpec.defaults().withTtl(Duration.ofMinutes(10)).withJitter(0);

	private final InMemoryCacheStore store = new InMemoryCacheStore();

	private final List<CachekitCacheManager> managers = new ArrayList<>();

	private final MutableClock clock = new MutableClock();

	@AfterEach
	void close() throws Exception {
		for (CachekitCacheManager manager : this.managers) {
			manager.destroy();
		}
	}

	private CachekitCacheManager manager(CacheStore store, CacheSpec spec) {
		return manager(store, spec, null);
	}

	private CachekitCacheManager manager(CacheStore store, CacheSpec spec, PendingValues pending) {
		CachekitCacheManager manager = CachekitCacheManager.builder(store)
			.namespace("fast")
			.cache("products", spec)
			.cache("users", spec)
			.clock(this.clock)
			.leaseWaitTimeout(Duration.ofSeconds(5))
			.pendingValues(pending)
			.build();
		this.managers.add(manager);
		return manager;
	}

	@Test
	void aMissLoadsOnceThenHitsWithOneKeyPerEntryAndItsTtl() {
		CachekitCache cache = manager(this.store, TEN_MINUTES).getCachekitCache("products");
		AtomicInteger loads = new AtomicInteger();
		assertThat(cache.get(42, () -> "product " + loads.incrementAndGet())).isEqualTo("product 1");
		assertThat(cache.get(42, () -> "product " + loads.incrementAndGet())).isEqualTo("product 1");
		assertThat(loads).hasValue(1);
		assertThat(cache.storeKey(42)).isEqualTo("fast:products:42");
		assertThat(this.store.remainingTtlMillis("fast:products:42")).isBetween(Duration.ofMinutes(9).toMillis(),
				Duration.ofMinutes(10).toMillis());
		assertThat(cache.getStatistics().hits()).isEqualTo(1);
		assertThat(cache.getStatistics().misses()).isEqualTo(1);
	}

	@Test
	void clearAndTagEvictionTurnEntriesIntoMissesWithoutTouchingThem() {
		CachekitCacheManager manager = manager(this.store, TEN_MINUTES);
		CachekitCache cache = manager.getCachekitCache("products");
		Cache tagged = cache.bind(new CacheInvocation(null, null, () -> new String[] { "catalog" }));
		tagged.put(1, "tagged");
		cache.put(2, "plain");
		new DefaultCacheOperations(manager).evictTag("catalog");
		assertThat(cache.get(1)).as("its tag was evicted").isNull();
		assertThat(cache.get(2).get()).isEqualTo("plain");
		cache.clear();
		assertThat(this.store.get("fast:products:2")).as("still stored, of the old generation").isNotNull();
		assertThat(cache.get(2)).isNull();
	}

	@Test
	void twoInstancesLoadAMissingEntryOnce() throws Exception {
		Cache first = manager(this.store, TEN_MINUTES).getCache("products");
		Cache second = manager(this.store, TEN_MINUTES).getCache("products");
		AtomicInteger loads = new AtomicInteger();
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService threads = Executors.newFixedThreadPool(8);
		try {
			List<Future<Object>> results = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				Cache instance = (i % 2 == 0) ? first : second;
				results.add(threads.submit(() -> {
					start.await();
					return instance.get("hot", () -> {
						loads.incrementAndGet();
						Thread.sleep(200);
						return "loaded once";
					});
				}));
			}
			start.countDown();
			for (Future<Object> result : results) {
				assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo("loaded once");
			}
		}
		finally {
			threads.shutdownNow();
		}
		assertThat(loads).hasValue(1);
	}

	@Test
	void aLoadWhoseEntryWasEvictedMeanwhileIsServedButNotStored() {
		CachekitCache cache = manager(this.store, TEN_MINUTES).getCachekitCache("products");
		Object value = cache.get(7, () -> {
			cache.evict(7);
			return "read before the eviction";
		});
		assertThat(value).isEqualTo("read before the eviction");
		assertThat(this.store.get(cache.storeKey(7))).as("no stale set").isNull();
		assertThat(cache.getStatistics().staleSetsRejected()).isEqualTo(1);
	}

	@Test
	void anExpiredEntryIsServedStaleWhileOneBackgroundRefreshReplacesIt() {
		CachekitCache cache = manager(this.store, TEN_MINUTES.withStaleTtl(Duration.ofMinutes(5)))
			.getCachekitCache("products");
		cache.put(5, "old");
		this.clock.advance(Duration.ofMinutes(11));
		AtomicInteger loads = new AtomicInteger();
		assertThat(cache.get(5, () -> {
			loads.incrementAndGet();
			return "new";
		})).as("served at once").isEqualTo("old");
		// before the wait: a read that polls before the refresh lands is served stale too
		assertThat(cache.getStatistics().staleServed()).isEqualTo(1);
		await().atMost(Duration.ofSeconds(5)).until(() -> "new".equals(cache.get(5).get()));
		assertThat(loads).hasValue(1);
	}

	@Test
	void putIfAbsentKeepsThePresentValue() {
		CachekitCache cache = manager(this.store, TEN_MINUTES).getCachekitCache("products");
		assertThat(cache.putIfAbsent(3, "first")).isNull();
		assertThat(cache.putIfAbsent(3, "second").get()).isEqualTo("first");
		assertThat(cache.get(3).get()).isEqualTo("first");
	}

	@Test
	void springsNullMarkerIsStoredAndReadAsNull() {
		CachekitCache cache = manager(this.store, TEN_MINUTES.withCacheNulls(true)).getCachekitCache("products");
		cache.put(7, NullValue.INSTANCE);
		assertThat(cache.get(7)).as("a cached null").isNotNull();
		assertThat(cache.get(7).get()).isNull();
		assertThat(cache.get(7, Object.class)).isNull();
		assertThat(cache.putIfAbsent(8, NullValue.INSTANCE)).isNull();
		assertThat(cache.get(8).get()).isNull();
		CachekitCache withoutNulls = manager(this.store, TEN_MINUTES.withCacheNulls(false)).getCachekitCache("users");
		withoutNulls.put(9, NullValue.INSTANCE);
		assertThat(withoutNulls.get(9)).as("not kept where nulls are not cached").isNull();
	}

	@Test
	void anUnreadableEntryIsAMissThatTheNextLoadOverwrites() {
		CachekitCache cache = manager(this.store, TEN_MINUTES).getCachekitCache("products");
		this.store.set(cache.storeKey(9), "not an entry".getBytes(StandardCharsets.UTF_8), Duration.ofMinutes(1));
		assertThat(cache.get(9, () -> "loaded")).isEqualTo("loaded");
		assertThat(cache.getStatistics().unreadable()).isEqualTo(1);
		assertThat(cache.get(9).get()).isEqualTo("loaded");
	}

	@Test
	void onlyCachesWrittenBehindLookForPendingValues() {
		AtomicInteger lookups = new AtomicInteger();
		PendingValues pending = new PendingValues() {

			@Override
			public boolean covers(String cacheName) {
				return cacheName.equals("users");
			}

			@Override
			public byte[] find(String cacheName, String key) {
				lookups.incrementAndGet();
				return ("\"saved " + key + "\"").getBytes(StandardCharsets.UTF_8);
			}

		};
		CachekitCacheManager manager = manager(this.store, TEN_MINUTES, pending);
		assertThat(manager.getCachekitCache("users").get("u1", () -> "from the database")).isEqualTo("saved u1");
		assertThat(manager.getCachekitCache("users").get("u1", () -> "from the database"))
			.as("a pending value is served, not cached")
			.isEqualTo("saved u1");
		assertThat(manager.getCachekitCache("products").get("p1", () -> "from the database"))
			.isEqualTo("from the database");
		assertThat(lookups).as("never asked for products").hasValue(2);
	}

	@Test
	void aStoreThatFailsMakesTheCacheFailOpen() {
		CacheStore failing = (CacheStore) Proxy.newProxyInstance(getClass().getClassLoader(),
				new Class<?>[] { CacheStore.class }, (proxy, method, arguments) -> {
					if (method.getDeclaringClass() == Object.class) {
						return method.invoke(this.store, arguments);
					}
					throw new IllegalStateException("Redis is down");
				});
		CachekitCache cache = manager(failing, TEN_MINUTES).getCachekitCache("products");
		AtomicInteger loads = new AtomicInteger();
		assertThat(cache.get(1)).isNull();
		assertThat(cache.get(1, () -> "loaded " + loads.incrementAndGet())).isEqualTo("loaded 1");
		assertThat(cache.get(1, () -> "loaded " + loads.incrementAndGet())).isEqualTo("loaded 2");
		cache.put(1, "ignored");
		cache.evict(1);
		assertThat(cache.getStatistics().errors()).isPositive();
	}

	@Test
	void everyWrittenEntryHasATtlWithinTheJitterBand() {
		CachekitCache cache = manager(this.store, CacheSpec.defaults().withTtl(Duration.ofMinutes(10)).withJitter(0.1))
			.getCachekitCache("products");
		AtomicLong shortest = new AtomicLong(Long.MAX_VALUE);
		AtomicLong longest = new AtomicLong();
		for (int i = 0; i < 200; i++) {
			cache.put(i, i);
			long ttl = this.store.remainingTtlMillis(cache.storeKey(i));
			shortest.accumulateAndGet(ttl, Math::min);
			longest.accumulateAndGet(ttl, Math::max);
		}
		assertThat(shortest.get()).isGreaterThan(Duration.ofMinutes(9).toMillis() - 1000);
		assertThat(longest.get()).isLessThanOrEqualTo(Duration.ofMinutes(11).toMillis());
		assertThat(longest.get() - shortest.get()).as("spread, not one TTL").isGreaterThan(30_000);
	}

	@Test
	void aTypedReadReturnsTheDeclaredType() {
		CachekitCacheManager manager = manager(this.store, TEN_MINUTES);
		CachekitCache cache = manager.getCachekitCache("products");
		Cache typed = cache.bind(new CacheInvocation(manager.getValueMapper().type(Product.class), null,
				CacheInvocation.UNTYPED.tags()));
		typed.put(4, Product.of(4));
		assertThat(typed.get(4).get()).isEqualTo(Product.of(4));
		assertThat(cache.get(4).get()).as("untyped JSON")
			.isEqualTo(Map.of("id", 4, "name", "product 4", "labels", List.of("a", "b")));
	}

	/** A clock the test moves forward; entries' freshness is judged by it, their physical expiry is not. */
	static final class MutableClock extends Clock {

		private final AtomicLong offset = new AtomicLong();

		void advance(Duration duration) {
			this.offset.addAndGet(duration.toMillis());
		}

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return Instant.ofEpochMilli(millis());
		}

		@Override
		public long millis() {
			return System.currentTimeMillis() + this.offset.get();
		}

	}

}
