package io.cachekit.benchmarks;

import java.time.Duration;
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
import org.redisson.api.RedissonClient;

import org.springframework.cache.Cache;

import io.cachekit.cache.CachekitCacheManager;
import io.cachekit.cache.access.CacheInvocation;
import io.cachekit.cache.store.ReadCoalescing;
import io.cachekit.cache.store.RedisCacheStore;

/**
 * A cachekit hit (1 KB JSON, 1,000 keys, typed read) with read coalescing off ({@code maxInFlight = 0}:
 * one {@code GET} per read) and with 1, 2 or 4 read commands on the wire, the rest of the concurrent reads
 * queued into one {@code MGET}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class ReadCoalescingBenchmark {

	static final int KEYS = 1000;

	@Param({ "0", "1", "2", "4" })
	public int maxInFlight;

	private RedissonClient redisson;

	private CachekitCacheManager manager;

	private Cache view;

	@Setup(Level.Trial)
	public void setUp() {
		this.redisson = BenchmarkRedis.redisson();
		ReadCoalescing coalescing = (this.maxInFlight > 0) ? new ReadCoalescing(this.maxInFlight, 64)
				: ReadCoalescing.DISABLED;
		this.manager = CachekitCacheManager
			.builder(new RedisCacheStore(this.redisson, Duration.ofMillis(250), coalescing))
			.namespace("bench-coalesce-" + ProcessHandle.current().pid() + "-" + this.maxInFlight)
			.build();
		this.view = this.manager.getCachekitCache("payload")
			.bind(new CacheInvocation(this.manager.getValueMapper().type(Payload.class), Duration.ofMinutes(30),
					CacheInvocation.UNTYPED.tags()));
		for (long i = 0; i < KEYS; i++) {
			this.view.put(i, Payload.ofSize(i, 1024));
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.manager.destroy();
		this.redisson.shutdown();
	}

	@Benchmark
	public Object cachekitHit() {
		return this.view.get((long) ThreadLocalRandom.current().nextInt(KEYS)).get();
	}

}
