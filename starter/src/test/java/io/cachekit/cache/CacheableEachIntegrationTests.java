package io.cachekit.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.cachekit.test.EmbeddedRedisServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * {@link CacheableEach} on a Redis of its own, so that its commands can be counted: one {@code MGET} for the
 * lookups, the method called once with only the missing ids, entries shared with the single-id
 * {@code @Cacheable} method, absent ids cached as absent, a {@code List} result in the order of the ids, the
 * TTL of {@link CacheTtl} on each element, and two instances × 16 concurrent overlapping bulk calls loading
 * each id once.
 */
class CacheableEachIntegrationTests {

	private static final Map<Long, AtomicInteger> LOADS = new ConcurrentHashMap<>();

	private static final List<List<Long>> BULK_CALLS = new CopyOnWriteArrayList<>();

	private static final AtomicLong NEXT_BASE = new AtomicLong();

	/** Ids at or above this one do not exist. */
	private static final long ABSENT = 100_000_000;

	private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

	private static final Map<String, AtomicInteger> STORE_CALLS = new ConcurrentHashMap<>();

	private static EmbeddedRedisServer redis;

	private static ConfigurableApplicationContext instanceA;

	private static ConfigurableApplicationContext instanceB;

	@BeforeAll
	static void start() {
		redis = EmbeddedRedisServer.start(0);
		instanceA = startInstance();
		instanceB = startInstance();
	}

	@AfterAll
	static void stop() {
		instanceA.close();
		instanceB.close();
		redis.close();
	}

	/** Each test uses ids of its own, from this base up. */
	private long base;

	@BeforeEach
	void ownIds() {
		this.base = NEXT_BASE.getAndAdd(10_000);
		LOADS.clear();
		BULK_CALLS.clear();
	}

	private static ConfigurableApplicationContext startInstance() {
		return new SpringApplicationBuilder(CatalogInstance.class).web(WebApplicationType.NONE)
			.properties("spring.main.banner-mode=off", "spring.data.redis.url=" + redis.url(),
					"cachekit.namespace=bulk-" + RUN,
					"cachekit.cache.caches.products.ttl=10m")
			.run();
	}

	@Test
	void hundredIdsWithSixtyCachedAreOneMgetAndOneCallWithTheFortyMissing() throws Exception {
		Catalog catalog = instanceA.getBean(Catalog.class);
		for (long id = this.base + 1; id <= this.base + 60; id++) {
			catalog.find(id);
		}
		Map<String, Long> before = RawRedis.commandCalls(redis.port());
		STORE_CALLS.clear();
		Map<Long, Product> products = catalog.findAll(ids(this.base + 1, this.base + 100));
		Map<String, Long> after = RawRedis.commandCalls(redis.port());
		assertThat(after.getOrDefault("mget", 0L) - before.getOrDefault("mget", 0L)).as("MGET commands").isEqualTo(1);
		assertThat(STORE_CALLS.get("getAll")).as("multi-key reads").hasValue(1);
		assertThat(STORE_CALLS.get("get")).as("single-key reads").isNull();
		assertThat(STORE_CALLS.get("claimLoad")).as("one lease claim per missing id").hasValue(40);
		assertThat(BULK_CALLS).singleElement().isEqualTo(ids(this.base + 61, this.base + 100));
		assertThat(products.keySet()).containsExactlyElementsOf(ids(this.base + 1, this.base + 100));
		assertThat(products.get(this.base + 61)).isEqualTo(Product.of(this.base + 61));
	}

	@Test
	void aSingleCallAfterABulkCallHitsTheSameEntry() {
		Catalog catalog = instanceA.getBean(Catalog.class);
		catalog.findAll(ids(this.base + 1, this.base + 10));
		assertThat(instanceB.getBean(Catalog.class).find(this.base + 7)).isEqualTo(Product.of(this.base + 7));
		assertThat(LOADS.get(this.base + 7)).as("loaded by the bulk call only").hasValue(1);
	}

	@Test
	void absentIdsAreCachedAsAbsentAndAListKeepsTheOrderOfTheIds() {
		Catalog catalog = instanceA.getBean(Catalog.class);
		long three = this.base + 3;
		long five = this.base + 5;
		assertThat(catalog.findAll(List.of(ABSENT + three, three))).containsOnlyKeys(three);
		assertThat(catalog.findAll(List.of(ABSENT + three, three))).containsOnlyKeys(three);
		assertThat(BULK_CALLS).as("the absent id was cached as absent").hasSize(1);
		assertThat(catalog.findList(List.of(five, ABSENT + five, three)))
			.containsExactly(Product.of(five), null, Product.of(three));
		assertThat(BULK_CALLS.get(1)).containsExactly(five, ABSENT + five);
	}

	@Test
	void eachElementGetsTheTtlOfCacheTtlWithJitter() {
		Catalog catalog = instanceA.getBean(Catalog.class);
		catalog.findAllBriefly(ids(this.base + 1, this.base + 20));
		CachekitCache cache = instanceA.getBean(CachekitCacheManager.class).getCachekitCache("products");
		RedissonClient redisson = instanceA.getBean(RedissonClient.class);
		Set<Long> ttls = new HashSet<>();
		for (long id = this.base + 1; id <= this.base + 20; id++) {
			long ttl = redisson.getKeys().remainTimeToLive(cache.storeKey(id));
			// 45s plus or minus the default 10 % jitter, not the cache's 10m
			assertThat(ttl).isBetween(39_000L, 50_000L);
			ttls.add(ttl / 100);
		}
		assertThat(ttls).as("jittered per element").hasSizeGreaterThan(1);
	}

	@Test
	void overlappingBulkCallsOnTwoInstancesLoadEachIdOnce() throws Exception {
		Catalog a = instanceA.getBean(Catalog.class);
		Catalog b = instanceB.getBean(Catalog.class);
		ExecutorService callers = Executors.newFixedThreadPool(32);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<Map<Long, Product>>> results = new ArrayList<>();
			for (int i = 0; i < 32; i++) {
				Catalog catalog = (i % 2 == 0) ? a : b;
				long first = this.base + 1 + (i % 8) * 10;
				results.add(callers.submit(() -> {
					start.await();
					// windows of 40 ids, each overlapping the next three
					return catalog.findAll(ids(first, first + 39));
				}));
			}
			start.countDown();
			for (Future<Map<Long, Product>> result : results) {
				assertThat(result.get(60, TimeUnit.SECONDS)).hasSize(40);
			}
		}
		finally {
			callers.shutdownNow();
		}
		assertThat(LOADS).hasSize(110);
		assertThat(LOADS.values()).allSatisfy((loads) -> assertThat(loads).hasValue(1));
	}

	@Test
	void aMapKeyedByAnotherTypeThanTheIdsIsRefused() {
		assertThatIllegalStateException()
			.isThrownBy(() -> instanceA.getBean(Catalog.class).findAllWrongKeys(List.of(this.base + 1, this.base + 2)))
			.withMessageContaining("@CacheableEach on Catalog.findAllWrongKeys returned a value for '"
					+ (this.base + 1) + "' (Integer)");
	}

	private static List<Long> ids(long from, long to) {
		return LongStream.rangeClosed(from, to).boxed().toList();
	}

	/**
	 * A catalog with a single-id and bulk methods on one cache; loads are counted per id in this JVM.
	 */
	static class Catalog {

		@Cacheable("products")
		public Product find(long id) {
			return load(id);
		}

		@CacheableEach("products")
		public Map<Long, Product> findAll(Collection<Long> ids) {
			BULK_CALLS.add(new ArrayList<>(ids));
			sleep();
			Map<Long, Product> products = new LinkedHashMap<>();
			for (Long id : ids) {
				if (id < ABSENT) {
					products.put(id, load(id));
				}
			}
			return products;
		}

		@CacheableEach("products")
		public List<Product> findList(List<Long> ids) {
			BULK_CALLS.add(new ArrayList<>(ids));
			return ids.stream().map((id) -> (id < ABSENT) ? load(id) : null).toList();
		}

		@CacheableEach("products")
		@CacheTtl("45s")
		public Map<Long, Product> findAllBriefly(Collection<Long> ids) {
			return findAll(ids);
		}

		@CacheableEach("products")
		public Map<Integer, Product> findAllWrongKeys(List<Long> ids) {
			Map<Integer, Product> products = new LinkedHashMap<>();
			ids.forEach((id) -> products.put(id.intValue(), Product.of(id)));
			return products;
		}

		private static Product load(long id) {
			LOADS.computeIfAbsent(id, (key) -> new AtomicInteger()).incrementAndGet();
			return Product.of(id);
		}

		private static void sleep() {
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@EnableCaching
	static class CatalogInstance {

		@Bean
		Catalog catalog() {
			return new Catalog();
		}

		/** Counts the calls to the cache's store per method. */
		@Bean
		static BeanPostProcessor countStoreCalls() {
			return StoreCallRecorder.recording((method) -> STORE_CALLS
				.computeIfAbsent(method.getName(), (name) -> new AtomicInteger())
				.incrementAndGet());
		}

	}

}
