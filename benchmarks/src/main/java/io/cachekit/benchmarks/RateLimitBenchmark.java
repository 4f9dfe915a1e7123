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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.redisson.api.RRateLimiter;
import org.redisson.api.RateType;
import org.redisson.api.RedissonClient;

import io.cachekit.ratelimit.RateLimit;
import io.cachekit.ratelimit.RateLimitAlgorithm;
import io.cachekit.ratelimit.RedisRateLimiter;

/**
 * Rate-limit decisions per second on the same Redis: cachekit's four Lua algorithms (one
 * {@code EVALSHA} each) against Redisson's {@code RRateLimiter.tryAcquire}. Each call picks one of
 * {@value #KEYS} clients at random; limits are high enough that every decision admits, so every
 * call does the full write path.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class RateLimitBenchmark {

	static final int KEYS = 1000;

	private static final Duration WINDOW = Duration.ofSeconds(1);

	private static final long LIMIT = 1_000_000_000L;

	private RedissonClient redisson;

	private RedisRateLimiter limiter;

	private RRateLimiter[] redissonLimiters;

	private String[] clients;

	private final RateLimit fixedWindow = new RateLimit(LIMIT, WINDOW, RateLimitAlgorithm.FIXED_WINDOW);

	private final RateLimit slidingWindow = new RateLimit(LIMIT, WINDOW, RateLimitAlgorithm.SLIDING_WINDOW);

	private final RateLimit slidingWindowApproximate = new RateLimit(LIMIT, WINDOW,
			RateLimitAlgorithm.SLIDING_WINDOW_APPROXIMATE);

	private final RateLimit tokenBucket = new RateLimit(LIMIT, WINDOW, RateLimitAlgorithm.TOKEN_BUCKET);

	@Setup(Level.Trial)
	public void setUp() {
		String prefix = "bench:rl:" + ProcessHandle.current().pid() + ":";
		this.redisson = BenchmarkRedis.redisson();
		this.limiter = new RedisRateLimiter(() -> this.redisson, prefix);
		this.clients = new String[KEYS];
		this.redissonLimiters = new RRateLimiter[KEYS];
		for (int i = 0; i < KEYS; i++) {
			this.clients[i] = "client-" + i;
			this.redissonLimiters[i] = this.redisson.getRateLimiter(prefix + "redisson:" + i);
			this.redissonLimiters[i].trySetRate(RateType.OVERALL, LIMIT, WINDOW, Duration.ofMinutes(30));
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.redisson.getKeys().deleteByPattern("bench:rl:" + ProcessHandle.current().pid() + ":*");
		this.redisson.shutdown();
	}

	private int client() {
		return ThreadLocalRandom.current().nextInt(KEYS);
	}

	@Benchmark
	public boolean redissonRateLimiter() {
		return this.redissonLimiters[client()].tryAcquire();
	}

	@Benchmark
	public boolean fixedWindow() {
		return this.limiter.tryAcquire(this.clients[client()], this.fixedWindow).allowed();
	}

	@Benchmark
	public boolean slidingWindow() {
		return this.limiter.tryAcquire(this.clients[client()], this.slidingWindow).allowed();
	}

	@Benchmark
	public boolean slidingWindowApproximate() {
		return this.limiter.tryAcquire(this.clients[client()], this.slidingWindowApproximate).allowed();
	}

	@Benchmark
	public boolean tokenBucket() {
		return this.limiter.tryAcquire(this.clients[client()], this.tokenBucket).allowed();
	}

}
