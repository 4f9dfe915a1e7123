package io.cachekit.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.redisson.api.RedissonClient;

import org.springframework.cache.Cache;

import io.cachekit.cache.CachekitCache;
import io.cachekit.cache.CachekitCacheManager;
import io.cachekit.cache.access.CacheInvocation;
import io.cachekit.cache.store.RedisCacheStore;

/**
 * Reading 100 cached products: one {@code @CacheableEach} lookup ({@link CachekitCache#getAll}: one
 * {@code MGET}) against 100 single {@code @Cacheable} hits through the view such a method gets, on the same
 * Redis and values. Every id is cached, so neither loads. One operation is 100 values either way; the ratio of
 * the two throughputs is the speed-up of a bulk call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class BulkReadBenchmark {

	static final int KEYS = 10_000;

	static final int BATCH = 100;

	@Param({ "64", "256" })
	public int valueBytes;

	private RedissonClient redisson;

	private CachekitCacheManager manager;

	private CachekitCache cache;

	private Cache singleView;

	private CacheInvocation invocation;

	@Setup(Level.Trial)
	public void setUp() {
		this.redisson = BenchmarkRedis.redisson();
		this.manager = CachekitCacheManager.builder(new RedisCacheStore(this.redisson, Duration.ofMillis(250)))
			.namespace("bench-bulk-" + ProcessHandle.current().pid())
			.build();
		this.cache = this.manager.getCachekitCache("products");
		this.invocation = new CacheInvocation(this.manager.getValueMapper().type(Payload.class),
				Duration.ofMinutes(30), CacheInvocation.UNTYPED.tags());
		this.singleView = this.cache.bind(this.invocation);
		for (long id = 0; id < KEYS; id++) {
			this.singleView.put(id, Payload.ofSize(id, this.valueBytes));
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.manager.destroy();
		this.redisson.shutdown();
	}

	@Benchmark
	public Map<Object, Object> bulk100() throws Exception {
		Map<Object, Object> values = this.cache.getAll(randomIds(), (missing) -> {
			throw new IllegalStateException("every id is cached, yet " + missing.size() + " were missing");
		}, this.invocation);
		if (values.size() != BATCH) {
			throw new IllegalStateException("expected " + BATCH + " values, got " + values.size());
		}
		return values;
	}

	@Benchmark
	public void single100(Blackhole blackhole) {
		for (Long id : randomIds()) {
			Cache.ValueWrapper value = this.singleView.get(id);
			if (value == null) {
				throw new IllegalStateException("id " + id + " is not cached");
			}
			blackhole.consume(value.get());
		}
	}

	private static List<Long> randomIds() {
		long first = ThreadLocalRandom.current().nextLong(KEYS - BATCH);
		List<Long> ids = new ArrayList<>(BATCH);
		for (long id = first; id < first + BATCH; id++) {
			ids.add(id);
		}
		return ids;
	}

}
