package io.cachekit.ratelimit;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

import io.cachekit.cache.RawRedis;
import io.cachekit.test.EmbeddedRedisServer;
import io.cachekit.test.TestRedisson;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Concurrent rate-limit decisions are pipelined on one held connection of a private real Redis (seen with
 * {@code MONITOR}) and stay exact; a killed connection is replaced, a flushed script cache is reloaded, and
 * after {@link RedisRateLimiter#close()} decisions spread over Redisson's pool again.
 */
class RateLimitPipeliningIntegrationTests {

	private static final RateLimit FIXED = new RateLimit(1_000, Duration.ofMinutes(1), RateLimitAlgorithm.FIXED_WINDOW);

	private EmbeddedRedisServer redis;

	private RedissonClient redisson;

	private RedisRateLimiter limiter;

	@BeforeEach
	void start() {
		this.redis = EmbeddedRedisServer.start(0);
		this.redisson = TestRedisson.plain(this.redis.url(), (config) -> config.useSingleServer()
			.setConnectTimeout(500)
			.setReconnectionDelay((attempt) -> Duration.ofMillis(100)));
		this.limiter = new RedisRateLimiter(() -> this.redisson, "pipelined:", Duration.ofMillis(250));
	}

	@AfterEach
	void stop() {
		this.limiter.close();
		this.redisson.shutdown();
		this.redis.stop();
	}

	@Test
	void concurrentDecisionsArePipelinedOnOneConnectionAndStayExact() throws Exception {
		decideConcurrently("warm-up", 4, 20);
		try (RawRedis.Monitor monitor = RawRedis.monitor(this.redis.port())) {
			assertThat(decideConcurrently("exact", 16, 200)).as("admitted of 3,200 against a limit of 1,000")
				.isEqualTo(1_000);
			assertThat(monitor.awaitClientsSending(1, "evalsha", "eval")).as("connections that sent decisions").hasSize(1);
		}
	}

	@Test
	void aKilledConnectionIsReplaced() throws Exception {
		decideConcurrently("warm-up", 4, 20);
		String killed;
		try (RawRedis.Monitor monitor = RawRedis.monitor(this.redis.port())) {
			decideConcurrently("before", 8, 100);
			killed = monitor.awaitClientsSending(1, "evalsha", "eval").iterator().next();
		}
		RawRedis.command(this.redis.port(), "CLIENT", "KILL", killed);
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (true) {
			try {
				assertThat(this.limiter.tryAcquire("after-kill", FIXED).allowed()).isTrue();
				break;
			}
			catch (RuntimeException stillFailing) {
				assertThat(System.nanoTime()).as("decisions work again after the kill").isLessThan(deadline);
				Thread.sleep(50);
			}
		}
		// once the broken connection went back to the pool, decisions settle on a fresh one
		Thread.sleep(1500);
		decideConcurrently("settle", 4, 20);
		try (RawRedis.Monitor monitor = RawRedis.monitor(this.redis.port())) {
			assertThat(decideConcurrently("after", 8, 100)).isEqualTo(800);
			assertThat(monitor.awaitClientsSending(1, "evalsha", "eval")).hasSize(1).doesNotContain(killed);
		}
	}

	@Test
	void aFlushedScriptIsLoadedAgainOnThePipelinedConnection() throws Exception {
		decideConcurrently("warm-up", 4, 20);
		RawRedis.command(this.redis.port(), "SCRIPT", "FLUSH");
		assertThat(RawRedis.command(this.redis.port(), "SCRIPT", "EXISTS", sha1OfFixedWindow())).contains(":0");
		Map<String, Long> before = RawRedis.commandCalls(this.redis.port());
		assertThat(decideConcurrently("after-flush", 8, 50)).isEqualTo(400);
		Map<String, Long> after = RawRedis.commandCalls(this.redis.port());
		assertThat(after.getOrDefault("eval", 0L) - before.getOrDefault("eval", 0L)).as("EVALs after the flush")
			.isPositive();
		assertThat(RawRedis.command(this.redis.port(), "SCRIPT", "EXISTS", sha1OfFixedWindow())).contains(":1");
	}

	@Test
	void afterCloseDecisionsGoThroughThePool() throws Exception {
		decideConcurrently("warm-up", 8, 50);
		this.limiter.close();
		try (RawRedis.Monitor monitor = RawRedis.monitor(this.redis.port())) {
			assertThat(decideConcurrently("closed", 16, 200)).isEqualTo(1_000);
			assertThat(monitor.awaitClientsSending(2, "evalsha", "eval").size())
				.as("connections that sent decisions after close")
				.isGreaterThan(1);
		}
	}

	@Test
	void aLimiterClosedBeforeItsFirstDecisionNeverHoldsAConnection() throws Exception {
		this.limiter.close();
		try (RawRedis.Monitor monitor = RawRedis.monitor(this.redis.port())) {
			assertThat(decideConcurrently("never-held", 16, 200)).isEqualTo(1_000);
			assertThat(monitor.awaitClientsSending(2, "evalsha", "eval").size()).as("connections that sent decisions")
				.isGreaterThan(1);
		}
	}

	private String sha1OfFixedWindow() throws Exception {
		String source;
		try (InputStream in = RedisRateLimiter.class.getResourceAsStream(RateLimitAlgorithm.FIXED_WINDOW.script())) {
			source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		return HexFormat.of()
			.formatHex(MessageDigest.getInstance("SHA-1")
				.digest(source.getBytes(StandardCharsets.UTF_8)));
	}

	private int decideConcurrently(String client, int threads, int each) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			List<Future<Integer>> results = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				results.add(pool.submit(() -> {
					int admitted = 0;
					for (int i = 0; i < each; i++) {
						admitted += this.limiter.tryAcquire(client, FIXED).allowed() ? 1 : 0;
					}
					return admitted;
				}));
			}
			int total = 0;
			for (Future<Integer> result : results) {
				total += result.get(30, TimeUnit.SECONDS);
			}
			return total;
		}
		finally {
			pool.shutdownNow();
		}
	}

}
