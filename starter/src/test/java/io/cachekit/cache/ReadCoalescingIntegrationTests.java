package io.cachekit.cache;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;

import io.cachekit.cache.store.ReadCoalescing;
import io.cachekit.cache.store.RedisCacheStore;
import io.cachekit.test.EmbeddedRedisServer;
import io.cachekit.test.TestRedisson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Concurrent reads of the Redis store share commands ({@code MGET}) on a private real Redis, counted with
 * {@code INFO commandstats}: every reader still gets its own key's value, a lone reader sends plain
 * {@code GET}s, the reads are pipelined on one held connection that is replaced when it breaks, and an
 * outage neither hangs readers nor leaves the reader stuck afterwards.
 */
class ReadCoalescingIntegrationTests {

	private static final int KEYS = 1000;

	private static final int ABSENT_KEYS = 100;

	private static final Duration TIMEOUT = Duration.ofMillis(250);

	private EmbeddedRedisServer redis;

	private RedissonClient redisson;

	@BeforeEach
	void start() {
		this.redis = EmbeddedRedisServer.start(0);
		this.redisson = TestRedisson.plain(this.redis.url(), (config) -> config.useSingleServer()
			.setConnectTimeout(500)
			.setReconnectionDelay((attempt) -> Duration.ofMillis(100)));
		seed();
	}

	private void seed() {
		RedisCacheStore writer = new RedisCacheStore(this.redisson, Duration.ofSeconds(2), ReadCoalescing.DISABLED);
		for (int i = 0; i < KEYS; i++) {
			writer.set(key(i), value(i), Duration.ofMinutes(5));
		}
	}

	@AfterEach
	void stop() {
		this.redisson.shutdown();
		this.redis.stop();
	}

	@Test
	void concurrentReadersShareCommandsAndEachGetsItsOwnValue() throws Exception {
		RedisCacheStore store = new RedisCacheStore(this.redisson, TIMEOUT, ReadCoalescing.defaults());
		Map<String, Long> before = RawRedis.commandCalls(this.redis.port());
		int reads = readConcurrently(store, 16, 3000);
		Map<String, Long> after = RawRedis.commandCalls(this.redis.port());
		long gets = delta(before, after, "get");
		long mgets = delta(before, after, "mget");
		System.out.printf("READ COALESCING: %d reads from 16 threads took %d GET and %d MGET commands%n", reads, gets,
				mgets);
		assertThat(mgets).as("reads were batched").isPositive();
		assertThat(gets + mgets).as("commands for %d reads", reads).isLessThan(reads / 2);
	}

	@Test
	void aLoneReaderSendsOneGetPerRead() throws Exception {
		RedisCacheStore store = new RedisCacheStore(this.redisson, TIMEOUT, ReadCoalescing.defaults());
		Map<String, Long> before = RawRedis.commandCalls(this.redis.port());
		for (int i = 0; i < 200; i++) {
			assertThat(store.get(key(i))).isEqualTo(value(i));
		}
		assertThat(store.get(key(KEYS + 1))).isNull();
		Map<String, Long> after = RawRedis.commandCalls(this.redis.port());
		assertThat(delta(before, after, "get")).isEqualTo(201);
		assertThat(delta(before, after, "mget")).isZero();
	}

	@Test
	void concurrentReadsArePipelinedOnOneConnection() throws Exception {
		RedisCacheStore store = new RedisCacheStore(this.redisson, TIMEOUT, ReadCoalescing.defaults());
		// the first reads go through Redisson's pool while the store takes its connection
		readConcurrently(store, 4, 50);
		try (RawRedis.Monitor monitor = RawRedis.monitor(this.redis.port())) {
			readConcurrently(store, 16, 1000);
			assertThat(monitor.awaitClientsSending(1, "get", "mget")).as("connections that sent reads").hasSize(1);
		}
	}

	@Test
	void withoutCoalescingReadsSpreadOverThePool() throws Exception {
		RedisCacheStore store = new RedisCacheStore(this.redisson, TIMEOUT, ReadCoalescing.DISABLED);
		try (RawRedis.Monitor monitor = RawRedis.monitor(this.redis.port())) {
			readConcurrently(store, 16, 1000);
			assertThat(monitor.awaitClientsSending(2, "get", "mget").size()).as("connections that sent reads").isGreaterThan(1);
		}
	}

	@Test
	void aKilledReadConnectionIsReplaced() throws Exception {
		RedisCacheStore store = new RedisCacheStore(this.redisson, TIMEOUT, ReadCoalescing.defaults());
		readConcurrently(store, 4, 50);
		String killed;
		try (RawRedis.Monitor monitor = RawRedis.monitor(this.redis.port())) {
			readConcurrently(store, 8, 200);
			killed = monitor.awaitClientsSending(1, "get", "mget").iterator().next();
		}
		RawRedis.command(this.redis.port(), "CLIENT", "KILL", killed);
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		int failures = 0;
		while (true) {
			try {
				assertThat(store.get(key(4))).isEqualTo(value(4));
				break;
			}
			catch (RuntimeException stillFailing) {
				failures++;
				assertThat(System.nanoTime()).as("reads work again after the kill").isLessThan(deadline);
				Thread.sleep(50);
			}
		}
		System.out.printf("READ COALESCING: %d failed reads after killing the read connection%n", failures);
		// once the broken connection went back to the pool, reads settle on a fresh one
		Thread.sleep(1500);
		readConcurrently(store, 4, 50);
		try (RawRedis.Monitor monitor = RawRedis.monitor(this.redis.port())) {
			assertThat(readConcurrently(store, 8, 200)).isEqualTo(1600);
			assertThat(monitor.awaitClientsSending(1, "get", "mget")).hasSize(1).doesNotContain(killed);
		}
	}

	@Test
	void afterCloseReadsGoThroughThePool() throws Exception {
		RedisCacheStore store = new RedisCacheStore(this.redisson, TIMEOUT, ReadCoalescing.defaults());
		readConcurrently(store, 8, 100);
		store.close();
		try (RawRedis.Monitor monitor = RawRedis.monitor(this.redis.port())) {
			assertThat(readConcurrently(store, 16, 500)).isEqualTo(8000);
			assertThat(monitor.awaitClientsSending(2, "get", "mget").size()).as("connections that sent reads after close")
				.isGreaterThan(1);
		}
	}

	@Test
	void withCoalescingDisabledEveryReadIsItsOwnGet() throws Exception {
		RedisCacheStore store = new RedisCacheStore(this.redisson, TIMEOUT, ReadCoalescing.DISABLED);
		Map<String, Long> before = RawRedis.commandCalls(this.redis.port());
		int reads = readConcurrently(store, 8, 500);
		Map<String, Long> after = RawRedis.commandCalls(this.redis.port());
		assertThat(delta(before, after, "get")).isEqualTo(reads);
		assertThat(delta(before, after, "mget")).isZero();
	}

	@Test
	void readersFailWithinTheTimeoutWhileRedisIsDownAndReadAgainAfterIt() throws Exception {
		RedisCacheStore store = new RedisCacheStore(this.redisson, TIMEOUT, ReadCoalescing.defaults());
		assertThat(store.get(key(1))).isEqualTo(value(1));
		this.redis.stop();
		ExecutorService threads = Executors.newFixedThreadPool(8);
		try {
			List<Future<Long>> failures = new ArrayList<>();
			for (int t = 0; t < 8; t++) {
				failures.add(threads.submit(() -> {
					long start = System.nanoTime();
					try {
						store.get(key(2));
						fail("a read answered while Redis was down");
					}
					catch (RuntimeException expected) {
						// fails open in the cache above; here it must fail, and fast
					}
					return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
				}));
			}
			for (Future<Long> failure : failures) {
				// the command times out after 250 ms; queued readers wait at most for the one before them
				assertThat(failure.get(10, TimeUnit.SECONDS)).isLessThan(2000);
			}
		}
		finally {
			threads.shutdownNow();
		}
		this.redis.start();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
		while (true) {
			try {
				assertThat(store.get(key(3))).isNull();
				break;
			}
			catch (RuntimeException stillReconnecting) {
				assertThat(System.nanoTime()).as("reads work again after Redis is back").isLessThan(deadline);
				Thread.sleep(100);
			}
		}
		// the restarted server is empty
		seed();
		assertThat(readConcurrently(store, 8, 200)).isEqualTo(1600);
	}

	/** Reads random present and absent keys from several threads, checking every answer; returns the count. */
	private static int readConcurrently(RedisCacheStore store, int threadCount, int readsPerThread) throws Exception {
		ExecutorService threads = Executors.newFixedThreadPool(threadCount);
		CountDownLatch go = new CountDownLatch(1);
		try {
			List<Future<Integer>> results = new ArrayList<>();
			for (int t = 0; t < threadCount; t++) {
				results.add(threads.submit(() -> {
					go.await();
					for (int r = 0; r < readsPerThread; r++) {
						int i = ThreadLocalRandom.current().nextInt(KEYS + ABSENT_KEYS);
						byte[] read = store.get(key(i));
						if (i < KEYS) {
							assertThat(read).as("value of key %d", i).isEqualTo(value(i));
						}
						else {
							assertThat(read).as("absent key %d", i).isNull();
						}
					}
					return readsPerThread;
				}));
			}
			go.countDown();
			int total = 0;
			for (Future<Integer> result : results) {
				total += result.get(60, TimeUnit.SECONDS);
			}
			return total;
		}
		finally {
			threads.shutdownNow();
		}
	}

	private static long delta(Map<String, Long> before, Map<String, Long> after, String command) {
		return after.getOrDefault(command, 0L) - before.getOrDefault(command, 0L);
	}

	private static String key(int i) {
		return "coalesce:entry:" + i;
	}

	private static byte[] value(int i) {
		return ("value-" + i + "-" + "x".repeat(i % 50)).getBytes(StandardCharsets.UTF_8);
	}

}
