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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import io.cachekit.test.EmbeddedRedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RBucket;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.LongCodec;
import org.redisson.config.Config;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances (two Redisson clients) on a private real Redis, so killing pub/sub connections touches
 * nobody else.
 */
class InvalidationBusIntegrationTests {

	private static final Duration HEARTBEAT = Duration.ofMillis(100);

	/** The documented bound: three heartbeats of silence make the bus unhealthy. */
	private static final Duration STALENESS_BOUND = HEARTBEAT.multipliedBy(3);

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
				InvalidationBus busB = startedBus(this.instanceB, nearCachesB)) {
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

	private static long latestCompletedBefore(AtomicLongArray completedAt, long latest, long deadline) {
		for (long version = latest; version > 0; version--) {
			if (completedAt.get((int) version) != 0 && completedAt.get((int) version) <= deadline) {
				return version;
			}
		}
		return 0;
	}

	private InvalidationBus startedBus(RedissonClient client, InvalidationListener listener) throws Exception {
		InvalidationBus bus = new InvalidationBus(client, this.channel, listener, HEARTBEAT);
		bus.start();
		awaitTrue(bus::isHealthy, Duration.ofSeconds(5));
		return bus;
	}

	private static void killPubSubConnections() throws IOException {
		try (Socket socket = new Socket("127.0.0.1", redis.port())) {
			OutputStream out = socket.getOutputStream();
			out.write("CLIENT KILL TYPE pubsub\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			byte[] reply = new byte[64];
			int read = in.read(reply);
			assertThat(new String(reply, 0, read, StandardCharsets.US_ASCII)).startsWith(":");
		}
	}

	private static RedissonClient client() {
		Config config = new Config();
		config.useSingleServer().setAddress(redis.url());
		return Redisson.create(config);
	}

	private static void awaitTrue(java.util.function.BooleanSupplier condition, Duration timeout) throws Exception {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as("condition within " + timeout).isLessThan(deadline);
			Thread.sleep(10);
		}
	}

}
