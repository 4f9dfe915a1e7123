package io.cachekit.cache.near;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.redisson.Redisson;
import org.redisson.api.RBucket;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.LongCodec;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.cachekit.cache.store.RedisEventChannel;
import io.cachekit.test.EmbeddedRedisServer;
import io.cachekit.test.TestRedisson;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances (two Redisson clients) on a private real Redis, so killing pub/sub connections touches
 * nobody else.
 */
class InvalidationBusIntegrationTests {

	private static final Duration HEARTBEAT = Duration.ofMillis(100);

	/** For a publisher whose heartbeats must not interfere: none is sent during a test. */
	private static final Duration NO_HEARTBEAT = Duration.ofHours(1);

	/**
	 * For a bus whose own silence detection the test does not count: a stall of a loaded machine longer than
	 * three 100 ms heartbeats would clear its near caches for silence (tested elsewhere).
	 */
	private static final Duration SLOW_HEARTBEAT = Duration.ofSeconds(1);

	/**
	 * The documented bound: three heartbeats of silence make the bus unhealthy, checked on each heartbeat,
	 * so at most four.
	 */
	private static final Duration STALENESS_BOUND = HEARTBEAT.multipliedBy(4);

	private static EmbeddedRedisServer redis;

	private RedissonClient instanceA;

	private RedissonClient instanceB;

	private final String channel = "cachekit:test:near:" + System.nanoTime();

	@BeforeAll
	static void startRedis() {
		redis = EmbeddedRedisServer.start(0);
	}

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	@BeforeEach
	void connect() {
		this.instanceA = client();
		this.instanceB = client();
	}

	@AfterEach
	void disconnect() {
		this.instanceA.shutdown();
		this.instanceB.shutdown();
	}

	@Test
	void anotherInstanceDropsTheEntry() throws Exception {
		NearCaches nearCachesB = new NearCaches();
		try (InvalidationBus busA = startedBus(this.instanceA, new NearCaches());
				InvalidationBus busB = startedBus(this.instanceB, nearCachesB, SLOW_HEARTBEAT)) {
			NearCache productB = nearCachesB.register(new NearCache("product", 100, Duration.ofMinutes(1), busB::isHealthy));
			productB.put("42", "v1");
			assertThat(productB.get("42")).isEqualTo("v1");
			busA.publishInvalidation("product", "42");
			awaitTrue(() -> productB.get("42") == null, Duration.ofSeconds(5));
		}
	}

	@Test
	void reportsTheInvalidationDelayOverAThousandUpdates() throws Exception {
		int updates = 1000;
		long[] sentAt = new long[updates];
		long[] delays = new long[updates];
		CountDownLatch received = new CountDownLatch(updates);
		InvalidationListener recorder = new InvalidationListener() {

			@Override
			public void invalidate(String cache, String key) {
				int i = Integer.parseInt(key);
				delays[i] = System.nanoTime() - sentAt[i];
				received.countDown();
			}

			@Override
			public void clear(String cache) {
			}

			@Override
			public void clearAll() {
			}

		};
		try (InvalidationBus busA = startedBus(this.instanceA, new NearCaches());
				InvalidationBus busB = startedBus(this.instanceB, recorder)) {
			for (int i = 0; i < updates; i++) {
				sentAt[i] = System.nanoTime();
				busA.publishInvalidation("product", String.valueOf(i));
				if (i % 10 == 0) {
					Thread.sleep(1);
				}
			}
			assertThat(received.await(30, TimeUnit.SECONDS)).as("every invalidation arrives").isTrue();
			assertThat(busB.gapCount()).isZero();
		}
		Arrays.sort(delays);
		String report = String.format("near-cache invalidation delay over %d updates: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
				updates, delays[updates / 2] / 1e6, delays[updates * 99 / 100] / 1e6, delays[updates - 1] / 1e6);
		System.out.print(report);
		Files.writeString(Path.of("target", "near-cache-invalidation-delay.txt"), report);
		assertThat(delays[updates * 99 / 100]).isPositive();
	}

	@Test
	void noStaleReadBeyondTheBoundWhenPubSubConnectionsAreKilled() throws Exception {
		String key = "cachekit:test:near:value:" + System.nanoTime();
		RBucket<Long> truthA = this.instanceA.getBucket(key, LongCodec.INSTANCE);
		RBucket<Long> truthB = this.instanceB.getBucket(key, LongCodec.INSTANCE);
		truthA.set(0L);
		int versions = 500;
		AtomicLongArray completedAt = new AtomicLongArray(versions + 1);
		AtomicLong latestCompleted = new AtomicLong();
		NearCaches nearCachesB = new NearCaches();
		AtomicLong staleReads = new AtomicLong();
		AtomicLong reads = new AtomicLong();
		Map<String, Boolean> failures = new ConcurrentHashMap<>();
		try (InvalidationBus busA = startedBus(this.instanceA, new NearCaches());
				InvalidationBus busB = startedBus(this.instanceB, nearCachesB)) {
			NearCache valueB = nearCachesB.register(new NearCache("value", 100, Duration.ofMinutes(5), busB::isHealthy));
			AtomicBoolean writing = new AtomicBoolean(true);
			Runnable reader = () -> {
				while (writing.get()) {
					long start = System.nanoTime();
					Object cached = valueB.get("k");
					long value;
					if (cached != null) {
						value = (Long) cached;
					}
					else {
						long stamp = valueB.readStamp("k");
						value = truthB.get();
						valueB.putIfUnchanged("k", value, stamp);
					}
					reads.incrementAndGet();
					long mustSee = latestCompletedBefore(completedAt, latestCompleted.get(),
							start - STALENESS_BOUND.toNanos());
					if (value < mustSee) {
						staleReads.incrementAndGet();
					}
				}
			};
			Thread[] readers = { new Thread(reader), new Thread(reader) };
			Arrays.stream(readers).forEach(Thread::start);
			for (int version = 1; version <= versions; version++) {
				truthA.set((long) version);
				completedAt.set(version, System.nanoTime());
				latestCompleted.set(version);
				busA.publishInvalidation("value", "k");
				if (version == 100 || version == 300) {
					killPubSubConnections();
				}
				Thread.sleep(2);
			}
			Thread.sleep(STALENESS_BOUND.toMillis() * 2);
			writing.set(false);
			for (Thread thread : readers) {
				thread.join();
			}
			assertThat(busB.resyncCount()).as("the lost connections were noticed").isGreaterThanOrEqualTo(1);
			assertThat(reads.get()).isGreaterThan(versions);
			assertThat(staleReads.get()).as("reads older than the documented bound").isZero();
			assertThat(valueB.get("k")).isIn(null, (long) versions);
		}
		assertThat(failures).isEmpty();
	}

	@Test
	void firstMessageNumberOneDoesNotClear() throws Exception {
		NearCaches nearCachesB = new NearCaches();
		try (InvalidationBus busA = startedBus(this.instanceA, new NearCaches());
				InvalidationBus busB = startedBus(this.instanceB, nearCachesB, SLOW_HEARTBEAT)) {
			NearCache productB = nearCachesB.register(new NearCache("product", 100, Duration.ofMinutes(1), busB::isHealthy));
			productB.put("42", "v1");
			productB.put("43", "v1");
			busA.publishInvalidation("product", "42");
			awaitTrue(() -> productB.get("42") == null, Duration.ofSeconds(5));
			assertThat(productB.get("43")).as("only the invalidated key left").isEqualTo("v1");
			assertThat(busB.gapCount()).isZero();
		}
	}

	@Test
	void firstContactMidStreamClearsOnce() throws Exception {
		RecordingListener observer = new RecordingListener();
		NearCaches nearCachesB = new NearCaches();
		RedissonClient observerClient = client();
		try (InvalidationBus observing = startedBus(observerClient, observer, NO_HEARTBEAT);
				InvalidationBus busA = startedBus(this.instanceA, new NearCaches(), NO_HEARTBEAT)) {
			for (int i = 1; i <= 3; i++) {
				busA.publishInvalidation("product", "old-" + i);
			}
			// numbers 1 to 3 are on the channel before B subscribes
			awaitTrue(() -> observer.invalidated.size() == 3, Duration.ofSeconds(5));
			try (InvalidationBus busB = startedBus(this.instanceB, nearCachesB, SLOW_HEARTBEAT)) {
				NearCache productB = nearCachesB
					.register(new NearCache("product", 100, Duration.ofMinutes(1), busB::isHealthy));
				productB.put("42", "v1");
				productB.put("43", "v1");
				busA.publishInvalidation("product", "42");
				// a clear empties the cache entry by entry: wait for the entry only the clear removes
				awaitTrue(() -> productB.get("43") == null, Duration.ofSeconds(5));
				assertThat(productB.get("43")).as("number 4 heard first: numbers 1 to 3 may have been missed").isNull();
				assertThat(productB.get("42")).isNull();
				assertThat(busB.gapCount()).isEqualTo(1);
				productB.put("43", "v2");
				productB.put("44", "v2");
				busA.publishInvalidation("product", "44");
				awaitTrue(() -> productB.get("44") == null, Duration.ofSeconds(5));
				assertThat(productB.get("43")).as("number 5 follows 4: no second clear").isEqualTo("v2");
				assertThat(busB.gapCount()).isEqualTo(1);
			}
		}
		finally {
			observerClient.shutdown();
		}
	}

	@Test
	void firstContactThroughAHeartbeatClearsOnce() throws Exception {
		RecordingListener observer = new RecordingListener();
		RecordingListener recorderB = new RecordingListener();
		RedissonClient observerClient = client();
		try (InvalidationBus observing = startedBus(observerClient, observer);
				InvalidationBus busA = startedBus(this.instanceA, new NearCaches())) {
			for (int i = 1; i <= 3; i++) {
				busA.publishInvalidation("product", "old-" + i);
			}
			awaitTrue(() -> observer.invalidated.size() == 3, Duration.ofSeconds(5));
			try (InvalidationBus busB = startedBus(this.instanceB, recorderB)) {
				// A's next heartbeat announces number 3, which B never heard
				awaitTrue(() -> busB.gapCount() == 1, Duration.ofSeconds(5));
				// the gap is counted just before the listener is told to clear
				awaitTrue(() -> !recorderB.cleared.isEmpty(), Duration.ofSeconds(5));
				assertThat(recorderB.cleared).containsExactly("product");
				busA.publishInvalidation("product", "42");
				awaitTrue(() -> recorderB.invalidated.contains("42"), Duration.ofSeconds(5));
				// a few more heartbeats of A, announcing 4, reach B: no gap
				Thread.sleep(HEARTBEAT.multipliedBy(3).toMillis());
				assertThat(busB.gapCount()).isEqualTo(1);
				assertThat(recorderB.cleared).containsExactly("product");
				assertThat(recorderB.invalidated).containsExactly("42");
			}
		}
		finally {
			observerClient.shutdown();
		}
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void failedPublishIsLoggedAndSeenAsAGap(CapturedOutput output) throws Exception {
		String user = "cachekit-publisher-" + System.nanoTime();
		redisCommand("ACL SETUSER " + user + " on >secret ~* &* +@all");
		RedissonClient restricted = client(user, "secret");
		NearCaches nearCachesB = new NearCaches();
		try (InvalidationBus busC = startedBus(restricted, new NearCaches(), NO_HEARTBEAT);
				InvalidationBus busB = startedBus(this.instanceB, nearCachesB, SLOW_HEARTBEAT)) {
			NearCache productB = nearCachesB.register(new NearCache("product", 100, Duration.ofMinutes(1), busB::isHealthy));
			productB.put("1", "v1");
			productB.put("3", "v1");
			productB.put("other", "v1");
			busC.publishInvalidation("product", "1");
			awaitTrue(() -> productB.get("1") == null, Duration.ofSeconds(5));
			assertThat(productB.get("other")).isEqualTo("v1");
			redisCommand("ACL SETUSER " + user + " -publish");
			busC.publishInvalidation("product", "2");
			awaitTrue(() -> output.getOut().contains("could not publish 1 near-cache invalidation message(s)"),
					Duration.ofSeconds(5));
			redisCommand("ACL SETUSER " + user + " +publish");
			busC.publishInvalidation("product", "3");
			// number 3 follows 1: the whole cache is cleared, and a clear empties it entry by entry, so wait for
			// an entry that only a clear removes
			awaitTrue(() -> productB.get("other") == null, Duration.ofSeconds(5));
			assertThat(productB.get("other")).as("number 3 follows 1: the cache was cleared").isNull();
			assertThat(productB.get("3")).isNull();
			assertThat(busB.gapCount()).isEqualTo(1);
		}
		finally {
			restricted.shutdown();
			redisCommand("ACL DELUSER " + user);
		}
	}

	@Test
	void heartbeatsSurviveAListenerThatThrows() throws Exception {
		AtomicInteger clearAlls = new AtomicInteger();
		InvalidationListener failingOnce = new RecordingListener() {

			@Override
			public void clearAll() {
				if (clearAlls.incrementAndGet() == 1) {
					throw new IllegalStateException("near caches could not be cleared");
				}
			}

		};
		try (InvalidationBus bus = startedBus(this.instanceA, failingOnce)) {
			// silence makes the heartbeat tick clear the near caches: the first clear throws
			redisCommand("CLIENT PAUSE 1500");
			awaitTrue(() -> !bus.isHealthy(), Duration.ofSeconds(3));
			awaitTrue(bus::isHealthy, Duration.ofSeconds(5));
			assertThat(clearAlls.get()).as("the tick threw, the recovery cleared").isGreaterThanOrEqualTo(2);
			int beforeSecondSilence = clearAlls.get();
			// a second silence is still noticed: the heartbeats and the silence check kept running
			redisCommand("CLIENT PAUSE 1500");
			awaitTrue(() -> !bus.isHealthy(), Duration.ofSeconds(3));
			awaitTrue(bus::isHealthy, Duration.ofSeconds(5));
			assertThat(clearAlls.get()).isGreaterThan(beforeSecondSilence);
		}
	}

	private static long latestCompletedBefore(AtomicLongArray completedAt, long latest, long deadline) {
		for (long version = latest; version > 0; version--) {
			if (completedAt.get((int) version) != 0 && completedAt.get((int) version) <= deadline) {
				return version;
			}
		}
		return 0;
	}

	private InvalidationBus startedBus(RedissonClient client, InvalidationListener listener) throws Exception {
		return startedBus(client, listener, HEARTBEAT);
	}

	private InvalidationBus startedBus(RedissonClient client, InvalidationListener listener, Duration heartbeat)
			throws Exception {
		InvalidationBus bus = new InvalidationBus(new RedisEventChannel(client, Duration.ofSeconds(2)), this.channel, listener, heartbeat);
		bus.start();
		awaitTrue(bus::isHealthy, Duration.ofSeconds(5));
		return bus;
	}

	private static void killPubSubConnections() throws IOException {
		assertThat(redisCommand("CLIENT KILL TYPE pubsub")).startsWith(":");
	}

	/**
	 * Sends one inline command (arguments without spaces) on a connection of its own.
	 * @return the first line of the reply
	 */
	private static String redisCommand(String command) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", redis.port())) {
			OutputStream out = socket.getOutputStream();
			out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			byte[] reply = new byte[256];
			int read = in.read(reply);
			String answer = new String(reply, 0, read, StandardCharsets.US_ASCII).strip();
			assertThat(answer).as(command).doesNotStartWith("-");
			return answer;
		}
	}

	private static RedissonClient client() {
		return TestRedisson.plain(redis.url());
	}

	private static RedissonClient client(String username, String password) {
		return TestRedisson.plain(redis.url(), (config) -> config.setUsername(username).setPassword(password));
	}

	/** Records what a bus delivers. */
	private static class RecordingListener implements InvalidationListener {

		final List<String> invalidated = new CopyOnWriteArrayList<>();

		final List<String> cleared = new CopyOnWriteArrayList<>();

		@Override
		public void invalidate(String cache, String key) {
			this.invalidated.add(key);
		}

		@Override
		public void clear(String cache) {
			this.cleared.add(cache);
		}

		@Override
		public void clearAll() {
		}

	}

	private static void awaitTrue(BooleanSupplier condition, Duration timeout) throws Exception {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as("condition within " + timeout).isLessThan(deadline);
			Thread.sleep(10);
		}
	}

}
