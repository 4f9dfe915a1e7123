package io.cachekit.worker;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.cachekit.worker.WriteBehindTestCluster.Worker;
import io.cachekit.writebehind.WriteBehindTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A zombie worker: stalled mid-batch (like a long GC pause) past {@code max.poll.interval.ms}, so its
 * partitions move to another worker, which persists newer versions; when the zombie wakes up and writes its
 * old batch, the version condition rejects every document and nothing regresses.
 */
class ZombieWorkerIntegrationTests {

	private static final int KEYS = 100;

	private final WriteBehindTestCluster cluster = WriteBehindTestCluster.onSharedServers("zombie");

	@AfterEach
	void close() {
		this.cluster.close();
	}

	@Test
	void zombieBatchIsRejectedByTheVersionCondition() throws Exception {
		WriteBehindTemplate template = this.cluster.publisher().getBean(WriteBehindTemplate.class);
		Worker zombie = this.cluster.worker("cachekit.worker.max-poll-interval=3s");
		zombie.observer.stallArmed.set(true);
		RegressionAuditor auditor = new RegressionAuditor(this.cluster);
		auditor.start();
		saveEveryKey(template);
		assertThat(zombie.observer.stalled.await(30, TimeUnit.SECONDS)).isTrue();
		Worker successor = this.cluster.worker();
		Map<String, Long> newest = saveEveryKey(template);
		WriteBehindTestCluster.await(Duration.ofSeconds(60), "the successor to persist the newer versions",
				() -> newest.equals(this.cluster.storedVersions()));
		zombie.observer.resume.countDown();
		WriteBehindTestCluster.await(Duration.ofSeconds(30), "the zombie to write its old batch",
				() -> zombie.observer.stale.get() > 0);
		auditor.stop();
		assertThat(this.cluster.storedVersions()).isEqualTo(newest);
		assertThat(auditor.regressions()).isZero();
		assertThat(zombie.counter("cachekit.worker.records.stale")).isPositive();
		assertThat(successor.counter("cachekit.worker.records.persisted")).isPositive();
	}

	private static Map<String, Long> saveEveryKey(WriteBehindTemplate template) {
		Map<String, Long> versions = new HashMap<>();
		for (int i = 0; i < KEYS; i++) {
			String key = "k" + i;
			versions.put(key, template.save(WriteBehindTestCluster.TYPE, key, Map.of("i", i)));
		}
		return versions;
	}

}
