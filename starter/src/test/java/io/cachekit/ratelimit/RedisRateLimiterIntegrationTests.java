package io.cachekit.ratelimit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.redisson.api.RedissonClient;

import io.cachekit.test.TestRedisson;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The four Lua algorithms against a real Redis: exact under concurrency, TTL on every key, hash
 * tags, rate changes taking effect on the next request, and the fixed window's boundary burst.
 */
class RedisRateLimiterIntegrationTests {

	private static final String PREFIX = "test-rl-" + UUID.randomUUID() + ":";

	private static RedissonClient redisson;

	private static RedisRateLimiter limiter;

	@BeforeAll
	static void connect() {
		redisson = TestRedisson.shared();
		limiter = new RedisRateLimiter(() -> redisson, PREFIX);
	}

	@AfterAll
	static void disconnect() {
		redisson.getKeys().deleteByPattern(PREFIX + "*");
		redisson.shutdown();
	}

	@Test
	void slidingWindowAdmitsExactlyTheLimitFrom32ConcurrentClients() throws Exception {
		RateLimit limit = new RateLimit(100, Duration.ofMinutes(1), RateLimitAlgorithm.SLIDING_WINDOW);
		assertThat(admittedConcurrently("sliding", limit, 32, 1000)).isEqualTo(100);
	}

	@Test
	void fixedWindowAdmitsExactlyTheLimitFrom32ConcurrentClients() throws Exception {
		RateLimit limit = new RateLimit(100, Duration.ofMinutes(1), RateLimitAlgorithm.FIXED_WINDOW);
		assertThat(admittedConcurrently("fixed", limit, 32, 1000)).isEqualTo(100);
	}

	@Test
	void tokenBucketAdmitsExactlyItsCapacityFrom32ConcurrentClients() throws Exception {
		// 100 per hour refills one token every 36 s: none during the test
		RateLimit limit = new RateLimit(100, Duration.ofHours(1), RateLimitAlgorithm.TOKEN_BUCKET);
		assertThat(admittedConcurrently("bucket", limit, 32, 1000)).isEqualTo(100);
	}

	@Test
	void approximateSlidingWindowAdmitsExactlyTheLimitInAFreshWindow() throws Exception {
		RateLimit limit = new RateLimit(100, Duration.ofHours(1), RateLimitAlgorithm.SLIDING_WINDOW_APPROXIMATE);
		assertThat(admittedConcurrently("approx", limit, 32, 1000)).isEqualTo(100);
	}

	@Test
	void tokenBucketRefillsAtItsRate() throws Exception {
		// one token a second: slow enough that no token comes back while the eleven requests run
		RateLimit limit = new RateLimit(5, Duration.ofSeconds(5), RateLimitAlgorithm.TOKEN_BUCKET);
		String key = "refill";
		assertThat(admittedSequentially(key, limit, 10)).isEqualTo(5);
		RateLimitDecision denied = limiter.tryAcquire(key, limit);
		assertThat(denied.allowed()).isFalse();
		assertThat(denied.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(1));
		Thread.sleep(denied.retryAfter().toMillis() + 20);
		assertThat(limiter.tryAcquire(key, limit).allowed()).isTrue();
	}

	@Test
	void fixedWindowAdmitsTwiceTheLimitAcrossAWindowBoundaryWhereASlidingWindowDoesNot() throws Exception {
		Duration window = Duration.ofMillis(1000);
		RateLimit fixed = new RateLimit(5, window, RateLimitAlgorithm.FIXED_WINDOW);
		RateLimit sliding = new RateLimit(5, window, RateLimitAlgorithm.SLIDING_WINDOW);
		// one request opens the window, four more arrive near its end
		assertThat(limiter.tryAcquire("burst", fixed).allowed()).isTrue();
		assertThat(limiter.tryAcquire("burst", sliding).allowed()).isTrue();
		Thread.sleep(600);
		assertThat(admittedSequentially("burst", fixed, 4)).isEqualTo(4);
		assertThat(admittedSequentially("burst", sliding, 4)).isEqualTo(4);
		RateLimitDecision denied = limiter.tryAcquire("burst", fixed);
		assertThat(denied.allowed()).isFalse();
		Thread.sleep(denied.retryAfter().toMillis() + 20);
		// the fixed window starts afresh: 4 + 5 requests pass within about 400 ms
		assertThat(admittedSequentially("burst", fixed, 5)).isEqualTo(5);
		// the sliding window still counts the four recent requests
		assertThat(admittedSequentially("burst", sliding, 5)).isLessThanOrEqualTo(1);
	}

	@Test
	void raisingAFixedWindowLimitAdmitsMoreOnTheNextRequest() {
		RateLimit five = new RateLimit(5, Duration.ofMinutes(1), RateLimitAlgorithm.FIXED_WINDOW);
		RateLimit ten = new RateLimit(10, Duration.ofMinutes(1), RateLimitAlgorithm.FIXED_WINDOW);
		assertThat(admittedSequentially("raise", five, 8)).isEqualTo(5);
		assertThat(admittedSequentially("raise", ten, 8)).isEqualTo(5);
	}

	@Test
	void loweringATokenBucketLimitCapsTheNextBurst() {
		RateLimit ten = new RateLimit(10, Duration.ofHours(1), RateLimitAlgorithm.TOKEN_BUCKET);
		RateLimit three = new RateLimit(3, Duration.ofHours(1), RateLimitAlgorithm.TOKEN_BUCKET);
		assertThat(admittedSequentially("lower", ten, 1)).isEqualTo(1);
		assertThat(admittedSequentially("lower", three, 10)).isEqualTo(3);
	}

	@Test
	void shorteningATokenBucketWindowRefillsAtTheNewRate() throws Exception {
		RateLimit hourly = new RateLimit(2, Duration.ofHours(1), RateLimitAlgorithm.TOKEN_BUCKET);
		// one token a second at the new rate: a full bucket after the pause, none back while five requests run
		RateLimit fast = new RateLimit(2, Duration.ofSeconds(2), RateLimitAlgorithm.TOKEN_BUCKET);
		assertThat(admittedSequentially("shorten", hourly, 5)).isEqualTo(2);
		Thread.sleep(2500);
		assertThat(admittedSequentially("shorten", hourly, 1)).isZero();
		assertThat(admittedSequentially("shorten", fast, 5)).isEqualTo(2);
	}

	@Test
	void loweringASlidingWindowLimitDeniesUntilEnoughEntriesExpire() {
		RateLimit ten = new RateLimit(10, Duration.ofMinutes(1), RateLimitAlgorithm.SLIDING_WINDOW);
		RateLimit four = new RateLimit(4, Duration.ofMinutes(1), RateLimitAlgorithm.SLIDING_WINDOW);
		assertThat(admittedSequentially("lower-sliding", ten, 6)).isEqualTo(6);
		RateLimitDecision decision = limiter.tryAcquire("lower-sliding", four);
		assertThat(decision.allowed()).isFalse();
		assertThat(decision.retryAfter()).isGreaterThan(Duration.ofSeconds(50));
	}

	@ParameterizedTest
	@EnumSource(RateLimitAlgorithm.class)
	void everyKeyExpires(RateLimitAlgorithm algorithm) {
		RateLimit limit = new RateLimit(10, Duration.ofSeconds(30), algorithm);
		limiter.tryAcquire("ttl", limit);
		String key = limiter.redisKey("ttl", algorithm);
		long ttl = redisson.getKeys().remainTimeToLive(key);
		assertThat(ttl).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(60).toMillis());
	}

	@ParameterizedTest
	@EnumSource(RateLimitAlgorithm.class)
	void keysVanishAfterTheirWindow(RateLimitAlgorithm algorithm) throws Exception {
		RateLimit limit = new RateLimit(3, Duration.ofMillis(100), algorithm);
		limiter.tryAcquire("vanish", limit);
		Thread.sleep(250);
		assertThat(redisson.getKeys().countExists(limiter.redisKey("vanish", algorithm))).isZero();
	}

	@Test
	void keysCarryTheClientInAHashTag() {
		assertThat(limiter.redisKey("api:ip:203.0.113.7", RateLimitAlgorithm.TOKEN_BUCKET))
			.isEqualTo(PREFIX + "{api:ip:203.0.113.7}:tb");
		assertThat(limiter.redisKey("api:{evil}", RateLimitAlgorithm.FIXED_WINDOW))
			.isEqualTo(PREFIX + "{api:%7Bevil%7D}:fw");
	}

	@ParameterizedTest
	@EnumSource(RateLimitAlgorithm.class)
	void deniedDecisionsSayWhenToRetry(RateLimitAlgorithm algorithm) {
		RateLimit limit = new RateLimit(2, Duration.ofMinutes(10), algorithm);
		String key = "retry-" + algorithm;
		RateLimitDecision first = limiter.tryAcquire(key, limit);
		assertThat(first.allowed()).isTrue();
		assertThat(first.remaining()).isEqualTo(1);
		limiter.tryAcquire(key, limit);
		RateLimitDecision denied = limiter.tryAcquire(key, limit);
		assertThat(denied.allowed()).isFalse();
		assertThat(denied.remaining()).isZero();
		assertThat(denied.limit()).isEqualTo(2);
		assertThat(denied.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(10));
		assertThat(denied.reset()).isPositive();
	}

	@Test
	void scriptsAreReloadedAfterAScriptFlush() {
		RateLimit limit = new RateLimit(5, Duration.ofMinutes(1), RateLimitAlgorithm.TOKEN_BUCKET);
		limiter.tryAcquire("flush", limit);
		redisson.getScript().scriptFlush();
		assertThat(limiter.tryAcquire("flush", limit).remaining()).isEqualTo(3);
	}

	private static int admittedSequentially(String key, RateLimit limit, int requests) {
		int admitted = 0;
		for (int i = 0; i < requests; i++) {
			if (limiter.tryAcquire(key, limit).allowed()) {
				admitted++;
			}
		}
		return admitted;
	}

	private static int admittedConcurrently(String key, RateLimit limit, int clients, int requests)
			throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(clients);
		try {
			AtomicInteger admitted = new AtomicInteger();
			List<Future<?>> futures = new ArrayList<>();
			for (int i = 0; i < requests; i++) {
				futures.add(executor.submit(() -> {
					if (limiter.tryAcquire(key, limit).allowed()) {
						admitted.incrementAndGet();
					}
				}));
			}
			for (Future<?> future : futures) {
				future.get();
			}
			return admitted.get();
		}
		finally {
			executor.shutdownNow();
		}
	}

}
