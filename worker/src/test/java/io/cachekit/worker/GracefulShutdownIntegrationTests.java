package io.cachekit.worker;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import io.cachekit.worker.WriteBehindTestCluster.Worker;
import io.cachekit.writebehind.WriteBehindTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Workers shut down gracefully (context closed) and replaced while updates keep coming: nothing is lost, and
 * the worker's health follows its listener.
 */
class GracefulShutdownIntegrationTests {

	private final WriteBehindTestCluster cluster = WriteBehindTestCluster.onSharedServers("graceful");

	@AfterEach
	void close() {
		this.cluster.close();
	}

	@Test
	void gracefulRestartsLoseNothing() throws Exception {
		WriteBehindTemplate template = this.cluster.publisher().getBean(WriteBehindTemplate.class);
		Worker worker = this.cluster.worker();
		Map<String, Long> acknowledged = new ConcurrentHashMap<>();
		AtomicBoolean writing = new AtomicBoolean(true);
		ExecutorService writers = Executors.newFixedThreadPool(4);
		for (int t = 0; t < 4; t++) {
			writers.submit(() -> {
				while (writing.get()) {
					String key = "k" + ThreadLocalRandom.current().nextInt(500);
					acknowledged.merge(key, template.save(WriteBehindTestCluster.TYPE, key, Map.of("t", System.nanoTime())),
							Math::max);
				}
				return null;
			});
		}
		for (int restart = 0; restart < 3; restart++) {
			Thread.sleep(1500);
			worker.close();
			worker = this.cluster.worker();
		}
		writing.set(false);
		writers.shutdown();
		assertThat(writers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
		// one update that only the last worker can persist, so that its meters have something to show
		acknowledged.put("last", template.save(WriteBehindTestCluster.TYPE, "last", Map.of("t", System.nanoTime())));
		WriteBehindTestCluster.await(Duration.ofSeconds(60), "every acknowledged version in MongoDB",
				() -> acknowledged.equals(this.cluster.storedVersions()));
		assertThat(this.cluster.storedVersions()).isEqualTo(acknowledged);
		HealthIndicator health = worker.context.getBean("writeBehindWorkerHealthIndicator", HealthIndicator.class);
		assertThat(health.health().getStatus().getCode()).isEqualTo("UP");
		MeterRegistry registry = worker.context.getBean(MeterRegistry.class);
		// the listener records its meters just after MongoDB acknowledges the batch, so they may trail the write
		WriteBehindTestCluster.await(Duration.ofSeconds(10), "the last worker's lag recorded",
				() -> registry.get("cachekit.worker.lag").timer().count() > 0);
		assertThat(registry.get("cachekit.worker.lag").timer().count()).isPositive();
		assertThat(registry.get("cachekit.worker.batch.size").summary().count()).isPositive();
		assertThat(registry.find("kafka.consumer.fetch.manager.records.lag.max").meters()).isNotEmpty();
	}

	@Test
	void mongoHealthPingsTheWorkersDatabase() {
		Worker worker = this.cluster.worker();
		Health health = worker.context.getBean("mongoHealthIndicator", HealthIndicator.class).health();
		assertThat(health.getStatus().getCode()).isEqualTo("UP");
		assertThat(health.getDetails()).containsEntry("database", this.cluster.database);
	}

	@Test
	void workerIsDownOnceItsListenerStops() {
		Worker worker = this.cluster.worker();
		worker.container().stop();
		HealthIndicator health = worker.context.getBean("writeBehindWorkerHealthIndicator", HealthIndicator.class);
		assertThat(health.health().getStatus().getCode()).isEqualTo("DOWN");
	}

}
