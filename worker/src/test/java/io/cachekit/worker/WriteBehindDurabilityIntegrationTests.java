package io.cachekit.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.common.config.TopicConfig;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.cachekit.worker.WriteBehindTestCluster.TestObserver;
import io.cachekit.worker.WriteBehindTestCluster.Worker;
import io.cachekit.writebehind.WriteBehindTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The main invariant on real Kafka, Redis and a MongoDB wire server: 100,000 acknowledged updates over 1,000
 * keys from 8 threads, while one of two workers is crashed mid-batch (after its MongoDB write, before its
 * offset commit) at least 10 times and restarted. MongoDB must end with every key's last acknowledged
 * version and value, and an auditor polling MongoDB throughout must never see a version go backwards.
 */
class WriteBehindDurabilityIntegrationTests {

	private static final int UPDATES = 100_000;

	private static final int KEYS = 1_000;

	private static final int THREADS = 8;

	private static final int CRASHES = 10;

	private final WriteBehindTestCluster cluster = WriteBehindTestCluster.onSharedServers("durability");

	@AfterEach
	void close() {
		this.cluster.close();
	}

	@Test
	void acknowledgedUpdatesSurviveWorkerCrashesWithoutLossOrRegression() throws Exception {
		WriteBehindTemplate template = this.cluster.publisher().getBean(WriteBehindTemplate.class);
		this.cluster.worker();
		Worker crashing = this.cluster.worker();
		Map<String, Long> acknowledged = new ConcurrentHashMap<>();
		Map<Long, Long> versionOfAttempt = new ConcurrentHashMap<>();
		AtomicLong attempts = new AtomicLong();
		AtomicBoolean publishing = new AtomicBoolean(true);
		RegressionAuditor auditor = new RegressionAuditor(this.cluster);
		auditor.start();
		ExecutorService writers = Executors.newFixedThreadPool(THREADS);
		List<Future<?>> done = new ArrayList<>();
		AtomicInteger remaining = new AtomicInteger(UPDATES);
		for (int t = 0; t < THREADS; t++) {
			done.add(writers.submit(() -> {
				while (remaining.getAndDecrement() > 0) {
					String key = "k" + ThreadLocalRandom.current().nextInt(KEYS);
					long attempt = attempts.incrementAndGet();
					long version = template.save(WriteBehindTestCluster.TYPE, key, new Item(key, attempt));
					versionOfAttempt.put(attempt, version);
					acknowledged.merge(key, version, Math::max);
				}
				return null;
			}));
		}
		int crashes = 0;
		while (crashes < CRASHES) {
			crashing.observer.crashArmed.set(true);
			assertThat(crashing.observer.crashed.await(60, TimeUnit.SECONDS)).as("crash %d happened", crashes).isTrue();
			Worker crashed = crashing;
			WriteBehindTestCluster.await(Duration.ofSeconds(10), "the crashed container to stop",
					() -> !crashed.container().isRunning());
			crashed.close();
			crashes++;
			crashing = this.cluster.worker();
		}
		for (Future<?> writer : done) {
			writer.get(5, TimeUnit.MINUTES);
		}
		publishing.set(false);
		writers.shutdown();
		WriteBehindTestCluster.await(Duration.ofSeconds(60), "every acknowledged version in MongoDB",
				() -> acknowledged.entrySet()
					.stream()
					.allMatch((e) -> e.getValue().equals(this.cluster.storedVersions().get(e.getKey()))));
		auditor.stop();
		Map<String, Long> stored = this.cluster.storedVersions();
		assertThat(stored).hasSize(acknowledged.size());
		assertThat(stored).isEqualTo(acknowledged);
		for (Document document : this.cluster.collection().find()) {
			assertThat(versionOfAttempt.get(((Number) document.get("attempt")).longValue())).isEqualTo(document.getLong("version"));
		}
		assertThat(auditor.regressions()).isZero();
		assertThat(auditor.snapshots()).isGreaterThan(10);
		assertThat(TestObserver.redelivered(this.cluster.topic)).isPositive();
		assertThat(crashes).isGreaterThanOrEqualTo(CRASHES);
		// the topic the worker created never lets an out-of-sync replica lead
		assertThat(this.cluster.topicConfig(TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG)).isEqualTo("false");
	}

	record Item(String key, long attempt) {

	}

}
