package io.cachekit.cache.stampede;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

import io.cachekit.cache.CacheSpec;
import io.cachekit.cache.CachekitCache;
import io.cachekit.cache.CachekitCacheManager;
import io.cachekit.cache.near.InvalidationBus;
import io.cachekit.cache.store.RedisEventChannel;
import io.cachekit.test.DevServices;
import io.cachekit.test.RedisEndpoint;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances with near caches on one real Redis: what instance A writes, instance B reads fresh as soon
 * as the invalidation arrives (delay distribution printed), and after B's pub/sub connection is killed
 * while A writes, B never serves a value older than the documented bound.
 */
class NearCacheCoherenceIntegrationTests {

	private static final Duration HEARTBEAT = Duration.ofMillis(200);

	/**
	 * The documented bound after a lost connection: three silent heartbeat intervals make near caches
	 * bypassed, checked once per interval, so at most four intervals. Plus slack for a loaded machine.
	 */
	private static final long BOUND_MILLIS = 4 * HEARTBEAT.toMillis() + 400;

	private static final CacheSpec NEAR = CacheSpec.defaults().withTtl(Duration.ofMinutes(10))
		.withNearCache(1000, Duration.ofMinutes(1));

	private RedissonClient clientA;

	private RedissonClient clientB;

	private CachekitCacheManager instanceA;

	private CachekitCacheManager instanceB;

	@BeforeEach
	void start() throws Exception {
		String namespace = TestManagers.namespace("near");
		this.clientA = TestManagers.redisson();
		this.clientB = TestManagers.redisson();
		this.instanceA = manager(this.clientA, namespace, spec());
		this.instanceB = manager(this.clientB, namespace, spec());
		awaitHealthy(this.instanceA);
		awaitHealthy(this.instanceB);
	}

	/**
	 * The spec of the cache both instances share.
	 * @return the spec
	 */
	CacheSpec spec() {
		return NEAR;
	}

	private static CachekitCacheManager manager(RedissonClient client, String namespace, CacheSpec spec) {
		return TestManagers.manager(client, namespace, "near", spec, (builder) -> builder
			.nearCacheBus((channel, listener) -> new InvalidationBus(new RedisEventChannel(client, Duration.ofSeconds(2)), channel, listener, HEARTBEAT)));
	}

	private static void awaitHealthy(CachekitCacheManager manager) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (!manager.getRuntime().bus().isHealthy()) {
			assertThat(System.nanoTime()).isLessThan(deadline);
			Thread.sleep(10);
		}
	}

	@AfterEach
	void stop() {
		this.instanceA.destroy();
		this.instanceB.destroy();
		this.clientA.shutdown();
		this.clientB.shutdown();
	}

	@Test
	void aWriteOnOneInstanceIsReadFreshOnTheOther() throws Exception {
		CachekitCache a = this.instanceA.getCachekitCache("near");
		CachekitCache b = this.instanceB.getCachekitCache("near");
		a.put("k", 0L);
		// B's first read may race A's own invalidation of the key and then is not kept in process; a read
		// after that invalidation arrived is kept, and the next one is served without I/O
		long parkedBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (b.getStatistics().nearHits() == 0) {
			assertThat(b.get("k", Long.class)).isEqualTo(0L);
			assertThat(System.nanoTime()).as("instance B keeps the value in process").isLessThan(parkedBy);
		}
		long nearHits = b.getStatistics().nearHits();
		assertThat(b.get("k", Long.class)).isEqualTo(0L);
		assertThat(b.getStatistics().nearHits()).as("a repeated read is served in process").isEqualTo(nearHits + 1);
		long[] delays = new long[1000];
		for (int i = 1; i <= 1000; i++) {
			a.put("k", (long) i);
			long written = System.nanoTime();
			long deadline = written + TimeUnit.SECONDS.toNanos(10);
			Long seen;
			while (!Long.valueOf(i).equals(seen = b.get("k", Long.class))) {
				assertThat(System.nanoTime()).as("update %d reached instance B (last seen %s)", i, seen)
					.isLessThan(deadline);
				Thread.onSpinWait();
			}
			delays[i - 1] = System.nanoTime() - written;
		}
		Arrays.sort(delays);
		System.out.printf("NEAR CACHE invalidation delay over 1000 updates: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
				delays[499] / 1e6, delays[989] / 1e6, delays[999] / 1e6);
		assertThat(b.getStatistics().nearHits()).as("instance B kept serving in process between updates")
			.isGreaterThan(1);
	}

	@Test
	void afterItsPubSubConnectionIsKilledAnInstanceServesNothingStalerThanTheBound() throws Exception {
		CachekitCache a = this.instanceA.getCachekitCache("near");
		CachekitCache b = this.instanceB.getCachekitCache("near");
		int updates = 500;
		AtomicLongArray committedAt = new AtomicLongArray(updates + 1);
		a.put("k", 0L);
		committedAt.set(0, System.nanoTime());
		AtomicBoolean writing = new AtomicBoolean(true);
		List<long[]> reads = new ArrayList<>();
		ExecutorService reader = Executors.newSingleThreadExecutor();
		Future<?> reading = reader.submit(() -> {
			while (writing.get()) {
				long start = System.nanoTime();
				Long value = b.get("k", Long.class);
				synchronized (reads) {
					reads.add(new long[] { start, (value != null) ? value : -1 });
				}
				Thread.sleep(1);
			}
			return null;
		});
		try {
			for (int i = 1; i <= updates; i++) {
				if (i == 100) {
					killPubSubConnections();
				}
				a.put("k", (long) i);
				committedAt.set(i, System.nanoTime());
				Thread.sleep(5);
			}
			Thread.sleep(BOUND_MILLIS);
		}
		finally {
			writing.set(false);
			reading.get(10, TimeUnit.SECONDS);
			reader.shutdown();
		}
		assertThat(this.instanceB.getRuntime().bus().resyncCount() + this.instanceB.getRuntime().bus().gapCount())
			.as("instance B noticed it may have missed invalidations").isPositive();
		int stale = 0;
		long worstMillis = 0;
		for (long[] read : reads) {
			long value = read[1];
			if (value < 0 || value >= updates) {
				continue;
			}
			// the read is stale beyond the bound if a newer value was committed more than the bound before it
			long newerCommitted = committedAt.get((int) value + 1);
			long staleFor = TimeUnit.NANOSECONDS.toMillis(read[0] - newerCommitted);
			worstMillis = Math.max(worstMillis, staleFor);
			if (staleFor > BOUND_MILLIS) {
				stale++;
			}
		}
		System.out.printf("NEAR CACHE after CLIENT KILL TYPE pubsub: %d reads, worst staleness %d ms (bound %d ms)%n",
				reads.size(), worstMillis, BOUND_MILLIS);
		assertThat(reads).hasSizeGreaterThan(100);
		assertThat(stale).isZero();
		assertThat(b.get("k", Long.class)).isEqualTo((long) updates);
	}

	private static void killPubSubConnections() throws IOException {
		RedisEndpoint redis = DevServices.shared().redis();
		try (Socket socket = new Socket(redis.host(), redis.port())) {
			OutputStream out = socket.getOutputStream();
			StringBuilder command = new StringBuilder();
			if (redis.password() != null) {
				command.append(resp("AUTH", redis.password()));
			}
			command.append(resp("CLIENT", "KILL", "TYPE", "pubsub"));
			out.write(command.toString().getBytes(StandardCharsets.UTF_8));
			out.flush();
			socket.setSoTimeout(5000);
			assertThat(socket.getInputStream().read()).as("Redis answered").isNotNegative();
		}
	}

	private static String resp(String... args) {
		StringBuilder out = new StringBuilder("*").append(args.length).append("\r\n");
		for (String arg : args) {
			out.append('$').append(arg.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(arg).append("\r\n");
		}
		return out.toString();
	}

}
