package io.cachekit.worker;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.cachekit.apps.CachingReaderTestApplication;
import io.cachekit.apps.CachingReaderTestApplication.Item;
import io.cachekit.apps.CachingReaderTestApplication.ItemReader;
import io.cachekit.test.DevServices;
import io.cachekit.test.EmbeddedRedisServer;
import io.cachekit.worker.WriteBehindTestCluster.Worker;
import io.cachekit.writebehind.WriteBehindTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Write-behind while Redis loses its data, on real Kafka, Redis and a MongoDB wire server. 100,000 updates
 * over 1,000 keys from 8 threads (each key saved by one thread, so its saves are acknowledged in order):
 * <ul>
 * <li>while Redis is flushed 5 times and killed and restarted empty 3 times (each fault proven: a marker key
 * set before it is gone after it), every key's MongoDB document ends with its last acknowledged value, each
 * key's acknowledged versions only grow, an auditor polling MongoDB never sees a version go backwards, and
 * every save that was not acknowledged failed with an exception;</li>
 * <li>with {@code maxmemory} too small for the pins and {@code allkeys-lru} (evictions proven by
 * {@code evicted_keys}), the same holds, and readers going through a cachekit cache never get a value older
 * than one the worker had already persisted when the read started: the documented bound of a lost pin.</li>
 * </ul>
 */
class WriteBehindRedisFaultsIntegrationTests {

	private static final int UPDATES = 100_000;

	private static final int KEYS = 1_000;

	private static final int THREADS = 8;

	/** Makes each pin and cached copy about 2 KB, so that 1,000 keys need about 4 MB. */
	private static final String PADDING = "x".repeat(2000);

	private final EmbeddedRedisServer redis = EmbeddedRedisServer.start(0);

	private final WriteBehindTestCluster cluster = new WriteBehindTestCluster("redis-faults",
			DevServices.shared().kafkaBootstrapServers(), this.redis.url(), DevServices.shared().mongoUri());

	@AfterEach
	void close() {
		this.cluster.close();
		this.redis.close();
	}

	@Test
	void acknowledgedUpdatesSurviveFlushesAndRestartsWithoutPersistence() throws Exception {
		WriteBehindTemplate template = this.cluster.publisher().getBean(WriteBehindTemplate.class);
		this.cluster.worker();
		AcknowledgedLoad load = new AcknowledgedLoad(template, UPDATES, KEYS, THREADS, "");
		RegressionAuditor auditor = new RegressionAuditor(this.cluster);
		auditor.start();
		load.start();
		int flushes = 0;
		int restarts = 0;
		for (int step = 1; step <= 8; step++) {
			load.awaitProgress(step * UPDATES / 10);
			this.redis.command("SET", "marker", "1");
			if (step <= 5) {
				assertThat(this.redis.command("FLUSHALL")).isEqualTo("OK");
				flushes++;
			}
			else {
				this.redis.kill();
				this.redis.start();
				restarts++;
			}
			assertThat(this.redis.command("EXISTS", "marker")).as("Redis lost its data").isEqualTo("0");
		}
		load.finish();
		load.awaitEveryAcknowledgedVersionPersisted(this.cluster);
		auditor.stop();
		load.assertNothingLost(this.cluster);
		assertThat(auditor.regressions()).isZero();
		assertThat(flushes).isEqualTo(5);
		assertThat(restarts).isEqualTo(3);
	}

	@Test
	void evictionOfAnyKeyLosesNothingAndReadsStayWithinTheBound() throws Exception {
		String namespace = "faults-" + this.cluster.database;
		WriteBehindTemplate template = this.cluster.publisher("cachekit.namespace=" + namespace)
			.getBean(WriteBehindTemplate.class);
		ItemReader reader = this.cluster
			.application(CachingReaderTestApplication.class, "cachekit.namespace=" + namespace)
			.getBean(ItemReader.class);
		Worker worker = this.cluster.worker("cachekit.namespace=" + namespace);
		// room for about 250 of the 2,000 pins and copies once every client is connected: keys are evicted all along
		long baseline = Long.parseLong(info("used_memory"));
		this.redis.command("CONFIG", "SET", "maxmemory", String.valueOf(baseline + 512 * 1024));
		this.redis.command("CONFIG", "SET", "maxmemory-policy", "allkeys-lru");
		AcknowledgedLoad load = new AcknowledgedLoad(template, UPDATES, KEYS, THREADS, PADDING);
		RegressionAuditor auditor = new RegressionAuditor(this.cluster);
		auditor.start();
		load.start();
		AtomicBoolean reading = new AtomicBoolean(true);
		AtomicLong reads = new AtomicLong();
		AtomicLong beyondBound = new AtomicLong();
		List<Thread> readers = new ArrayList<>();
		for (int r = 0; r < 2; r++) {
			Thread thread = new Thread(() -> {
				while (reading.get()) {
					String key = "k" + ThreadLocalRandom.current().nextInt(KEYS);
					Long persisted = worker.observer.persistedAttempts.get(key);
					Item item = reader.read(key);
					if (persisted != null && (item == null || item.attempt() < persisted)) {
						beyondBound.incrementAndGet();
					}
					reads.incrementAndGet();
				}
			}, "reader-" + r);
			thread.start();
			readers.add(thread);
		}
		load.finish();
		load.awaitEveryAcknowledgedVersionPersisted(this.cluster);
		reading.set(false);
		for (Thread thread : readers) {
			thread.join();
		}
		auditor.stop();
		load.assertNothingLost(this.cluster);
		assertThat(auditor.regressions()).isZero();
		assertThat(Long.parseLong(info("evicted_keys"))).as("Redis evicted keys").isGreaterThan(1000);
		assertThat(reads.get()).isGreaterThan(1000);
		assertThat(beyondBound.get()).as("reads older than a version persisted before they started").isZero();
	}

	private String info(String field) {
		for (String line : this.redis.command("INFO", "all").split("\r\n")) {
			if (line.startsWith(field + ":")) {
				return line.substring(field.length() + 1).strip();
			}
		}
		throw new AssertionError("No " + field + " in INFO");
	}


}
