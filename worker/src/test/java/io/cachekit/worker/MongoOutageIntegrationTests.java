package io.cachekit.worker;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.cachekit.test.DevServices;
import io.cachekit.test.EmbeddedMongoServer;
import io.cachekit.worker.WriteBehindTestCluster.Worker;
import io.cachekit.writebehind.WriteBehindTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MongoDB down for 30 seconds while updates keep coming: the worker retries with back-off, pausing rather
 * than giving up, so every acknowledged update is persisted once MongoDB is back and nothing is
 * dead-lettered.
 */
class MongoOutageIntegrationTests {

	private static final Duration OUTAGE = Duration.ofSeconds(30);

	private final EmbeddedMongoServer mongo = EmbeddedMongoServer.start(0);

	private final WriteBehindTestCluster cluster = new WriteBehindTestCluster("mongo-outage",
			DevServices.shared().kafkaBootstrapServers(), DevServices.shared().redis().url(), this.mongo.uri());

	@AfterEach
	void close() {
		this.cluster.close();
		this.mongo.close();
	}

	@Test
	void thirtySecondOutageLosesNothingAndDeadLettersNothing() throws Exception {
		WriteBehindTemplate template = this.cluster.publisher().getBean(WriteBehindTemplate.class);
		Worker worker = this.cluster.worker();
		Map<String, Long> acknowledged = new ConcurrentHashMap<>();
		AtomicBoolean writing = new AtomicBoolean(true);
		RegressionAuditor auditor = new RegressionAuditor(this.cluster);
		auditor.start();
		ExecutorService writers = Executors.newFixedThreadPool(2);
		for (int t = 0; t < 2; t++) {
			writers.submit(() -> {
				while (writing.get()) {
					String key = "k" + ThreadLocalRandom.current().nextInt(300);
					acknowledged.merge(key, template.save(WriteBehindTestCluster.TYPE, key, Map.of("at", System.nanoTime())),
							Math::max);
					Thread.sleep(2);
				}
				return null;
			});
		}
		Thread.sleep(2000);
		this.mongo.stop();
		Thread.sleep(OUTAGE.toMillis());
		this.mongo.restart();
		Thread.sleep(1000);
		writing.set(false);
		writers.shutdown();
		assertThat(writers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
		WriteBehindTestCluster.await(Duration.ofSeconds(60), "every acknowledged version in MongoDB",
				() -> acknowledged.equals(this.cluster.storedVersions()));
		auditor.stop();
		assertThat(this.cluster.storedVersions()).isEqualTo(acknowledged);
		assertThat(auditor.regressions()).isZero();
		assertThat(worker.counter("cachekit.worker.records.dead.lettered")).isZero();
		assertThat(worker.container().isRunning()).isTrue();
	}

}
