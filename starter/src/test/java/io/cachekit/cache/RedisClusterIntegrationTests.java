package io.cachekit.cache;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.spring.starter.RedissonAutoConfigurationV4;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.cachekit.autoconfigure.CachekitCacheAutoConfiguration;
import io.cachekit.cache.access.CacheInvocation;
import io.cachekit.cache.stats.CacheStatistics;
import io.cachekit.cache.store.CacheStore;
import io.cachekit.cache.store.LeaseStore;
import io.cachekit.cache.store.ReadCoalescing;
import io.cachekit.cache.store.RedisCacheStore;
import io.cachekit.keys.CachekitKeys;
import io.cachekit.keys.KeyEncoder;
import io.cachekit.lock.LeaseLostEvent;
import io.cachekit.lock.LeaseMonitor;
import io.cachekit.lock.LockHandle;
import io.cachekit.lock.LockOptions;
import io.cachekit.lock.LockTemplate;
import io.cachekit.ratelimit.RateLimit;
import io.cachekit.ratelimit.RateLimitAlgorithm;
import io.cachekit.ratelimit.RedisRateLimiter;
import io.cachekit.test.EmbeddedRedisCluster;
import io.cachekit.test.TestRedisson;
import io.cachekit.writebehind.pending.RedissonWriteBehindCache;
import io.cachekit.writebehind.pending.WriteBehindCache;
import io.cachekit.writebehind.pending.WriteBehindKeys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * cachekit on a real Redis Cluster of three masters through Redisson's cluster client: entries spread
 * over every master, reads coalesced into one {@code MGET} per slot, generation, tag and pattern
 * invalidation, single flight and stale-set rejection (the lease scripts, whose keys share the entry's
 * slot), landings and invalidation events over cluster pub/sub, distributed locks and rate limits, a
 * write-behind pin that drops the cached copy in the same script (its key shares the copy's slot), and
 * the auto-configured client from {@code spring.data.redis.cluster.nodes}. Every key is located by asking each master directly: only its own master serves it, the others answer
 * {@code MOVED}.
 */
class RedisClusterIntegrationTests {

	private static final String CACHE = "cluster";

	private static final CacheSpec TEN_MINUTES = CacheSpec.defaults().withTtl(Duration.ofMinutes(10));

	private static EmbeddedRedisCluster cluster;

	private static RedissonClient redisson;

	private static RedissonClient otherInstance;

	private static ExecutorService threads;

	private final String namespace = "cluster-" + UUID.randomUUID().toString().substring(0, 8);

	private final List<CachekitCacheManager> managers = new ArrayList<>();

	@BeforeAll
	static void startCluster() {
		cluster = EmbeddedRedisCluster.start();
		redisson = clusterClient();
		otherInstance = clusterClient();
		threads = Executors.newFixedThreadPool(32);
	}

	@AfterAll
	static void stopCluster() {
		threads.shutdownNow();
		redisson.shutdown();
		otherInstance.shutdown();
		cluster.close();
	}

	@AfterEach
	void destroyManagers() {
		this.managers.forEach(CachekitCacheManager::destroy);
	}

	private static RedissonClient clusterClient() {
		return TestRedisson.cluster(cluster.nodeAddresses(),
				(config) -> config.useClusterServers().setMasterConnectionMinimumIdleSize(4));
	}

	@Test
	void keysSpreadOverEveryMaster() throws Exception {
		CachekitCache cache = cache(TEN_MINUTES);
		List<String> storeKeys = new ArrayList<>();
		for (int i = 0; i < 300; i++) {
			cache.put("key-" + i, "value-" + i);
			storeKeys.add(cache.storeKey("key-" + i));
		}
		List<Integer> perMaster = new ArrayList<>(Collections.nCopies(EmbeddedRedisCluster.MASTERS, 0));
		for (String storeKey : storeKeys) {
			Placement placement = placement(storeKey);
			assertThat(placement.stored()).as("%s is stored on the master of its slot", storeKey).isTrue();
			perMaster.set(placement.master(), perMaster.get(placement.master()) + 1);
		}
		assertThat(perMaster).allSatisfy((keys) -> assertThat(keys).isGreaterThan(60));
		for (int i = 0; i < 300; i++) {
			assertThat(cache.get("key-" + i, String.class)).isEqualTo("value-" + i);
		}
		for (int i = 0; i < 30; i++) {
			assertThat(cache.get("absent-" + i)).isNull();
		}
		assertThat(cache.getStatistics().hits()).isEqualTo(300);
		assertThat(cache.getStatistics().misses()).isEqualTo(30);
		assertThat(cache.getStatistics().errors()).isZero();
	}

	@Test
	void bulkReadSpansEveryMasterAndLoadsOnlyTheMissingKeys() throws Exception {
		CachekitCache cache = cache(TEN_MINUTES);
		List<Object> keys = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			keys.add("bulk-" + i);
			if (i % 2 == 0) {
				cache.put("bulk-" + i, "cached-" + i);
			}
		}
		List<List<Object>> loads = new ArrayList<>();
		CacheInvocation strings = new CacheInvocation(
				this.managers.get(this.managers.size() - 1).getValueMapper().type(String.class), null,
				CacheInvocation.UNTYPED.tags());
		Map<Object, Object> values = cache.getAll(keys, (missing) -> {
			loads.add(missing);
			Map<Object, Object> loaded = new HashMap<>();
			missing.forEach((key) -> loaded.put(key, "loaded-" + key));
			return loaded;
		}, strings);
		assertThat(values).hasSize(200);
		assertThat(values.get("bulk-0")).isEqualTo("cached-0");
		assertThat(values.get("bulk-1")).isEqualTo("loaded-bulk-1");
		assertThat(loads).singleElement().asList().hasSize(100);
		assertThat(cache.get("bulk-1", String.class)).as("written on its own master").isEqualTo("loaded-bulk-1");
	}

	@Test
	void entriesExpireByTheirTtlOnEveryMaster() throws Exception {
		CachekitCache cache = cache(CacheSpec.defaults().withTtl(Duration.ofMillis(1500)).withJitter(0));
		List<String> keys = keysOnEveryMaster((i) -> cache.storeKey("short-" + i)).stream()
			.map((storeKey) -> storeKey.substring(storeKey.lastIndexOf(':') + 1))
			.toList();
		for (String key : keys) {
			cache.put(key, "value-" + key);
		}
		for (String key : keys) {
			assertThat(cache.getNativeCache().remainingTtlMillis(cache.storeKey(key))).isBetween(500L, 1500L);
			assertThat(cache.get(key, String.class)).isEqualTo("value-" + key);
		}
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			for (String key : keys) {
				assertThat(cache.get(key)).isNull();
				assertThat(placement(cache.storeKey(key)).stored()).isFalse();
			}
		});
		assertThat(cache.getStatistics().errors()).isZero();
	}

	@Test
	void sixteenThreadsReadTheirOwnValuesThroughCoalescedReads() throws Exception {
		CachekitCache cache = cache(TEN_MINUTES);
		for (int i = 0; i < 1000; i++) {
			cache.put("key-" + i, "value-" + i);
		}
		List<String> keys = new ArrayList<>();
		for (int i = 0; i < 1000; i++) {
			keys.add("key-" + i);
			if (i % 4 == 0) {
				keys.add("absent-" + i);
			}
		}
		long mgetsBefore = callsOnEveryMaster("mget");
		List<String> wrong = new CopyOnWriteArrayList<>();
		CountDownLatch start = new CountDownLatch(1);
		List<Future<?>> readers = new ArrayList<>();
		for (int t = 0; t < 16; t++) {
			List<String> order = new ArrayList<>(keys);
			Collections.shuffle(order);
			readers.add(threads.submit(() -> {
				start.await();
				for (String key : order) {
					String expected = key.startsWith("key-") ? "value-" + key.substring(4) : null;
					String actual = cache.get(key, String.class);
					if (!Objects.equals(expected, actual)) {
						wrong.add(key + " read " + actual);
					}
				}
				return null;
			}));
		}
		start.countDown();
		for (Future<?> reader : readers) {
			reader.get(60, TimeUnit.SECONDS);
		}
		assertThat(wrong).isEmpty();
		assertThat(cache.getStatistics().hits()).isEqualTo(16 * 1000);
		assertThat(cache.getStatistics().misses()).isEqualTo(16 * 250);
		assertThat(cache.getStatistics().errors()).isZero();
		assertThat(callsOnEveryMaster("mget") - mgetsBefore).as("reads were batched").isPositive();
	}

	@Test
	void clearHidesEveryEntryAndOtherInstancesHearOfIt() throws Exception {
		CachekitCache cache = cache(TEN_MINUTES);
		CachekitCache other = cache(otherInstance, TEN_MINUTES,
				(builder) -> builder.metadataRefresh(Duration.ofMinutes(10)));
		awaitSubscribers(new CachekitKeys(new KeyEncoder(256), this.namespace).eventsChannel(), 2);
		for (int i = 0; i < 200; i++) {
			cache.put("key-" + i, "value-" + i);
		}
		for (int i = 0; i < 200; i++) {
			assertThat(other.get("key-" + i, String.class)).isEqualTo("value-" + i);
		}
		long firstGeneration = cache.getGeneration();
		cache.clear();
		for (int i = 0; i < 200; i++) {
			assertThat(cache.get("key-" + i)).isNull();
		}
		// the other instance refreshes its generation only every 10 minutes: the event tells it
		await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> assertThat(other.get("key-0")).isNull());
		for (int i = 0; i < 200; i++) {
			assertThat(other.get("key-" + i)).isNull();
		}
		cache.put("key-0", "new");
		assertThat(cache.getGeneration()).isNotEqualTo(firstGeneration);
		assertThat(other.get("key-0", String.class)).isEqualTo("new");
		assertThat(cache.getStatistics().errors() + other.getStatistics().errors()).isZero();
	}

	@Test
	void tagEvictionHidesOnlyTaggedEntries() throws Exception {
		CachekitCache cache = cache(TEN_MINUTES);
		CachekitKeys keys = new CachekitKeys(new KeyEncoder(256), this.namespace);
		List<String> tags = keysOnEveryMaster((i) -> keys.tagKey("tag-" + i)).stream()
			.map((tagKey) -> tagKey.substring(tagKey.lastIndexOf(':') + 1))
			.toList();
		for (int i = 0; i < 90; i++) {
			String[] entryTags = { tags.get(i % 3), "all" };
			cache.bind(new CacheInvocation(null, null, () -> entryTags)).put("key-" + i, "value-" + i);
		}
		CacheOperations operations = new DefaultCacheOperations(this.managers.get(0));
		operations.evictTag(tags.get(1));
		assertThat(placement(keys.tagKey(tags.get(1))).stored()).isTrue();
		for (int i = 0; i < 90; i++) {
			assertThat(cache.get("key-" + i, String.class)).isEqualTo((i % 3 == 1) ? null : "value-" + i);
		}
		operations.evictTag("all");
		for (int i = 0; i < 90; i++) {
			assertThat(cache.get("key-" + i)).isNull();
		}
		assertThat(cache.getStatistics().errors()).isZero();
	}

	@Test
	void evictByPatternScansEveryMaster() throws Exception {
		CachekitCache cache = cache(TEN_MINUTES);
		for (int i = 0; i < 300; i++) {
			cache.put("key-" + i, "value-" + i);
		}
		long evicted = new DefaultCacheOperations(this.managers.get(0)).evictMatching(CACHE, "key-1*");
		List<String> left = new ArrayList<>();
		for (int i = 0; i < 300; i++) {
			boolean matched = String.valueOf(i).startsWith("1");
			Placement placement = placement(cache.storeKey("key-" + i));
			if (placement.stored() == matched) {
				left.add("key-" + i + "@" + placement);
			}
			assertThat(cache.get("key-" + i, String.class)).isEqualTo(matched ? null : "value-" + i);
		}
		assertThat(left).isEmpty();
		// key-1, key-10..19, key-100..199
		assertThat(evicted).isEqualTo(111);
		assertThat(cache.getStatistics().errors()).isZero();
	}

	@Test
	void leaseAndWaiterKeysShareTheEntrysSlot() throws Exception {
		CachekitCache cache = cache(TEN_MINUTES);
		int port = cluster.ports().get(0);
		for (int i = 0; i < 100; i++) {
			String storeKey = cache.storeKey("key-" + i);
			String slot = RawRedis.command(port, "CLUSTER", "KEYSLOT", storeKey);
			assertThat(RawRedis.command(port, "CLUSTER", "KEYSLOT", LeaseStore.leaseKey(storeKey))).isEqualTo(slot);
			assertThat(RawRedis.command(port, "CLUSTER", "KEYSLOT", LeaseStore.waiterKey(storeKey))).isEqualTo(slot);
			assertThat(RawRedis.command(port, "CLUSTER", "KEYSLOT", CachekitKeys.writeBehindKey(storeKey)))
				.isEqualTo(slot);
		}
	}

	@Test
	void writeBehindSavePinsAndDropsTheCachedCopyInOneScriptOnEveryMaster() throws Exception {
		CachekitCache cache = cache(TEN_MINUTES);
		WriteBehindKeys keys = new WriteBehindKeys(new CachekitKeys(new KeyEncoder(256), this.namespace));
		RedissonWriteBehindCache pins = new RedissonWriteBehindCache(redisson, keys, Duration.ofDays(1),
				Duration.ofMinutes(10), Duration.ofSeconds(2));
		for (String storeKey : keysOnEveryMaster((i) -> cache.storeKey("saved-" + i))) {
			String key = storeKey.substring(storeKey.lastIndexOf(':') + 1);
			cache.put(key, "old");
			assertThat(placement(storeKey).stored()).isTrue();
			assertThat(keys.cachedCopy(CACHE, key)).isEqualTo(storeKey);
			assertThat(pins.pinDroppingCachedCopy(CACHE, key, 5, "\"new\"", storeKey))
				.isEqualTo(new WriteBehindCache.Pinned(true, true));
			assertThat(placement(storeKey).stored()).as("cached copy of %s dropped", key).isFalse();
			assertThat(placement(keys.entry(CACHE, key))).as("pin of %s beside its copy", key)
				.isEqualTo(new Placement(placement(storeKey).master(), true));
			assertThat(pins.get(CACHE, key)).isEqualTo(new WriteBehindCache.Entry(5, "\"new\"", true));
		}
	}

	@Test
	void singleFlightLoadsOnceAcrossTwoInstancesOnEveryMaster() throws Exception {
		CachekitCache first = cache(TEN_MINUTES);
		CachekitCache second = cache(otherInstance, TEN_MINUTES, UnaryOperator.identity());
		awaitSubscribers(new CachekitKeys(new KeyEncoder(256), this.namespace).landingChannel(), 2);
		List<String> keys = new ArrayList<>();
		for (int round = 0; round < 3; round++) {
			int offset = round * 1000;
			keys.addAll(keysOnEveryMaster((i) -> first.storeKey("flight-" + (offset + i))));
		}
		Map<String, AtomicInteger> loads = new ConcurrentHashMap<>();
		for (String storeKey : keys) {
			String key = storeKey.substring(storeKey.lastIndexOf(':') + 1);
			CountDownLatch start = new CountDownLatch(1);
			List<Future<String>> results = new ArrayList<>();
			for (int t = 0; t < 32; t++) {
				CachekitCache instance = (t % 2 == 0) ? first : second;
				results.add(threads.submit(() -> {
					start.await();
					return instance.get(key, () -> {
						loads.computeIfAbsent(key, (k) -> new AtomicInteger()).incrementAndGet();
						Thread.sleep(100);
						return "loaded-" + key;
					});
				}));
			}
			start.countDown();
			for (Future<String> result : results) {
				assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo("loaded-" + key);
			}
			assertThat(loads.get(key)).as("loads of %s", key).hasValue(1);
		}
		CacheStatistics one = first.getStatistics();
		CacheStatistics two = second.getStatistics();
		assertThat(one.leaseWaits() + two.leaseWaits()).as("the other instance waited for the landing")
			.isGreaterThanOrEqualTo(keys.size());
		assertThat(one.leaseTimeouts() + two.leaseTimeouts()).as("every landing was heard").isZero();
		assertThat(one.errors() + two.errors()).isZero();
	}

	@Test
	void leaseWriteAfterAnEvictionIsRejectedOnEveryMaster() throws Exception {
		CachekitCache cache = cache(TEN_MINUTES);
		List<String> keys = keysOnEveryMaster((i) -> cache.storeKey("race-" + i)).stream()
			.map((storeKey) -> storeKey.substring(storeKey.lastIndexOf(':') + 1))
			.toList();
		for (String key : keys) {
			AtomicReference<String> database = new AtomicReference<>("v1");
			CountDownLatch loaded = new CountDownLatch(1);
			CountDownLatch resume = new CountDownLatch(1);
			Future<String> reader = threads.submit(() -> cache.get(key, () -> {
				String value = database.get();
				loaded.countDown();
				resume.await();
				return value;
			}));
			assertThat(loaded.await(10, TimeUnit.SECONDS)).isTrue();
			database.set("v2");
			cache.evict(key);
			resume.countDown();
			assertThat(reader.get(10, TimeUnit.SECONDS)).isEqualTo("v1");
			assertThat(cache.get(key, database::get)).isEqualTo("v2");
		}
		assertThat(cache.getStatistics().staleSetsRejected()).isEqualTo(keys.size());
		assertThat(cache.getStatistics().errors()).isZero();
	}

	@Test
	void locksExcludeAndFenceOnEveryMaster() throws Exception {
		String prefix = this.namespace + ":lock:";
		List<LeaseLostEvent> lost = new CopyOnWriteArrayList<>();
		try (LeaseMonitor monitor = new LeaseMonitor(Duration.ofMillis(200), () -> Duration.ofSeconds(30), false,
				List.of(lost::add))) {
			LockTemplate locks = new LockTemplate(() -> redisson, prefix,
					LockOptions.DEFAULT.withWaitTime(Duration.ofSeconds(10)), monitor);
			for (String name : keysOnEveryMaster((i) -> prefix + "resource-" + i)) {
				String key = name.substring(prefix.length());
				int[] counter = new int[1];
				List<Long> tokens = new CopyOnWriteArrayList<>();
				List<Future<?>> workers = new ArrayList<>();
				for (int t = 0; t < 8; t++) {
					workers.add(threads.submit(() -> {
						for (int n = 0; n < 25; n++) {
							locks.withLock(key, locks.defaultOptions(), (LockHandle handle) -> {
								tokens.add(handle.fencingToken());
								int seen = counter[0];
								Thread.onSpinWait();
								counter[0] = seen + 1;
								return null;
							});
						}
						return null;
					}));
				}
				for (Future<?> worker : workers) {
					worker.get(60, TimeUnit.SECONDS);
				}
				assertThat(counter[0]).isEqualTo(200);
				assertThat(tokens).hasSize(200).doesNotHaveDuplicates().isSorted();
			}
		}
		assertThat(lost).isEmpty();
	}

	@Test
	void rateLimitsAreExactOnEveryMaster() throws Exception {
		String prefix = this.namespace + ":rl:";
		RedisRateLimiter limiter = new RedisRateLimiter(() -> redisson, prefix);
		for (RateLimitAlgorithm algorithm : RateLimitAlgorithm.values()) {
			RateLimit limit = new RateLimit(50, Duration.ofHours(1), algorithm);
			for (String redisKey : keysOnEveryMaster((i) -> limiter.redisKey("client-" + i, algorithm))) {
				String client = redisKey.substring(redisKey.indexOf('{') + 1, redisKey.indexOf('}'));
				AtomicInteger admitted = new AtomicInteger();
				List<Future<?>> requests = new ArrayList<>();
				for (int i = 0; i < 200; i++) {
					requests.add(threads.submit(() -> {
						if (limiter.tryAcquire(client, limit).allowed()) {
							admitted.incrementAndGet();
						}
					}));
				}
				for (Future<?> request : requests) {
					request.get(30, TimeUnit.SECONDS);
				}
				assertThat(admitted).as("%s admitted for %s", algorithm, client).hasValue(50);
				assertThat(placement(redisKey).stored()).isTrue();
			}
		}
	}

	@Test
	void clusterNodesPropertyConfiguresTheAnnotatedCaches() {
		String nodes = String.join(",", cluster.ports().stream().map((port) -> "127.0.0.1:" + port).toList());
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(RedissonAutoConfigurationV4.class, CachekitCacheAutoConfiguration.class))
			.withUserConfiguration(CachingConfiguration.class)
			.withPropertyValues("spring.data.redis.cluster.nodes=" + nodes, "cachekit.namespace=" + this.namespace)
			.run((context) -> {
				assertThat(context.getBean(RedissonClient.class).getConfig().isClusterConfig()).isTrue();
				assertThat(((RedisCacheStore) context.getBean(CacheStore.class)).readCoalescing())
					.as("coalescing is off by default on a cluster").isEqualTo(ReadCoalescing.DISABLED);
				ProductService service = context.getBean(ProductService.class);
				for (int round = 0; round < 2; round++) {
					for (long id = 0; id < 30; id++) {
						assertThat(service.product(id)).isEqualTo(Product.of(id));
						assertThat(service.synced(id)).isEqualTo(Product.of(id));
					}
				}
				assertThat(service.calls()).isEqualTo(60);
				CachekitCache product = context.getBean(CachekitCacheManager.class).getCachekitCache("product");
				List<Integer> masters = new ArrayList<>();
				for (long id = 0; id < 30; id++) {
					Placement placement = placement(product.storeKey(id));
					assertThat(placement.stored()).isTrue();
					masters.add(placement.master());
				}
				assertThat(masters).containsOnly(0, 1, 2).contains(0, 1, 2);
				assertThat(product.getStatistics().errors()).isZero();
			});
	}

	private CachekitCache cache(CacheSpec spec) {
		return cache(redisson, spec, UnaryOperator.identity());
	}

	private CachekitCache cache(RedissonClient client, CacheSpec spec,
			UnaryOperator<CachekitCacheManager.Builder> customizer) {
		CachekitCacheManager manager = customizer
			.apply(CachekitCacheManager
				.builder(new RedisCacheStore(client, Duration.ofSeconds(2), ReadCoalescing.defaults()))
				.namespace(this.namespace)
				.cache(CACHE, spec))
			.build();
		this.managers.add(manager);
		return manager.getCachekitCache(CACHE);
	}

	/**
	 * One candidate key per master, in master order: the first candidates that land on each.
	 */
	private static List<String> keysOnEveryMaster(IntFunction<String> candidate) throws IOException {
		String[] found = new String[EmbeddedRedisCluster.MASTERS];
		int missing = found.length;
		for (int i = 0; missing > 0; i++) {
			assertThat(i).as("candidates tried").isLessThan(1000);
			String key = candidate.apply(i);
			int master = placement(key).master();
			if (found[master] == null) {
				found[master] = key;
				missing--;
			}
		}
		return List.of(found);
	}

	/**
	 * Asks every master about a key: exactly one serves its slot, the others redirect.
	 */
	private static Placement placement(String key) throws IOException {
		List<Integer> ports = cluster.ports();
		Placement placement = null;
		for (int i = 0; i < ports.size(); i++) {
			String reply = RawRedis.command(ports.get(i), "EXISTS", key);
			if (!reply.startsWith("-MOVED")) {
				assertThat(placement).as("only one master serves %s", key).isNull();
				assertThat(reply).isIn(":0\r\n", ":1\r\n");
				placement = new Placement(i, reply.equals(":1\r\n"));
			}
		}
		assertThat(placement).as("a master serves %s", key).isNotNull();
		return placement;
	}

	private static long callsOnEveryMaster(String command) throws IOException {
		long calls = 0;
		for (int port : cluster.ports()) {
			calls += RawRedis.commandCalls(port).getOrDefault(command, 0L);
		}
		return calls;
	}

	/**
	 * Waits until a channel has the given number of subscribers over all masters (each node counts only
	 * its own, publications reach every node).
	 */
	private static void awaitSubscribers(String channel, int subscribers) {
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			Map<Integer, Long> perNode = new HashMap<>();
			for (int port : cluster.ports()) {
				String reply = RawRedis.command(port, "PUBSUB", "NUMSUB", channel);
				String count = reply.substring(reply.lastIndexOf(':') + 1).strip();
				perNode.put(port, Long.parseLong(count));
			}
			assertThat(perNode.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(subscribers);
		});
	}

	private record Placement(int master, boolean stored) {
	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class CachingConfiguration {

		@Bean
		ProductService productService() {
			return new ProductService();
		}

	}

}
