package io.cachekit.benchmarks;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Caffeine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.redisson.api.RedissonClient;

import org.springframework.cache.Cache;
import org.springframework.cache.caffeine.CaffeineCacheManager;

import io.cachekit.cache.CacheSpec;
import io.cachekit.cache.CachekitCacheManager;
import io.cachekit.cache.access.CacheInvocation;
import io.cachekit.cache.near.InvalidationBus;
import io.cachekit.cache.store.RedisCacheStore;

/**
 * A near-cache hit against its anchors, 1 KB value, 1,000 keys: a cachekit cache through the view a
 * {@code @Cacheable} method gets, with the near cache on (no I/O) and off (an L2 hit: one Redis round trip
 * and a JSON read); a bare Caffeine cache bounded like the near cache (size and expiry after write) through
 * Spring's {@code Cache} API, which is what a team would use for an in-process cache instead; and a raw
 * Caffeine {@code getIfPresent} without expiry, the floor.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class NearCacheReadBenchmark {

	static final int KEYS = 1000;

	private RedissonClient redisson;

	private CachekitCacheManager manager;

	private com.github.benmanes.caffeine.cache.Cache<Long, Object> caffeine;

	private Cache springCaffeine;

	private Cache nearView;

	private Cache redisView;

	@Setup(Level.Trial)
	public void setUp() throws InterruptedException {
		this.redisson = BenchmarkRedis.redisson();
		CacheSpec spec = CacheSpec.defaults().withTtl(Duration.ofMinutes(30));
		RedisCacheStore store = new RedisCacheStore(this.redisson, Duration.ofMillis(250));
		this.manager = CachekitCacheManager.builder(store)
			.namespace("bench-near-" + ProcessHandle.current().pid())
			.cache("near", spec.withNearCache(10_000, Duration.ofMinutes(5)))
			.cache("redis", spec)
			.nearCacheBus((channel, listener) -> new InvalidationBus(store, channel, listener,
					Duration.ofSeconds(1)))
			.build();
		while (!this.manager.getRuntime().bus().isHealthy()) {
			Thread.sleep(10);
		}
		CacheInvocation invocation = new CacheInvocation(this.manager.getValueMapper().type(Payload.class), null,
				CacheInvocation.UNTYPED.tags());
		this.nearView = this.manager.getCachekitCache("near").bind(invocation);
		this.redisView = this.manager.getCachekitCache("redis").bind(invocation);
		this.caffeine = Caffeine.newBuilder().maximumSize(10_000).build();
		CaffeineCacheManager caffeineManager = new CaffeineCacheManager();
		caffeineManager.setCaffeine(Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofMinutes(5)));
		this.springCaffeine = caffeineManager.getCache("caffeine");
		for (long i = 0; i < KEYS; i++) {
			Payload payload = Payload.ofSize(i, 1024);
			this.nearView.put(i, payload);
			this.redisView.put(i, payload);
			this.caffeine.put(i, payload);
			this.springCaffeine.put(i, payload);
		}
		for (long i = 0; i < KEYS; i++) {
			this.nearView.get(i);
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		System.out.println("NEAR CACHE hits in process: " + this.manager.getCachekitCache("near").getStatistics().nearHits()
				+ " of " + this.manager.getCachekitCache("near").getStatistics().hits());
		this.manager.destroy();
		this.redisson.shutdown();
	}

	@Benchmark
	public Object caffeineGetIfPresent() {
		return this.caffeine.getIfPresent((long) ThreadLocalRandom.current().nextInt(KEYS));
	}

	@Benchmark
	public Object springCaffeineHit() {
		return this.springCaffeine.get((long) ThreadLocalRandom.current().nextInt(KEYS)).get();
	}

	@Benchmark
	public Object cachekitNearHit() {
		return this.nearView.get((long) ThreadLocalRandom.current().nextInt(KEYS)).get();
	}

	@Benchmark
	public Object cachekitRedisHit() {
		return this.redisView.get((long) ThreadLocalRandom.current().nextInt(KEYS)).get();
	}

}
