package io.cachekit.worker;

import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import io.cachekit.test.DevServices;
import io.cachekit.test.KraftBroker;
import io.cachekit.writebehind.WriteBehindTemplate;
import io.cachekit.writebehind.WriteBehindUnavailableException;
import io.cachekit.writebehind.pending.WriteBehindCache;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kafka broker down while writes keep coming: writes during the outage fail fast with a 503-class error
 * and leave the cache alone; every acknowledged write reaches MongoDB after recovery, and no cache entry is
 * left holding a version MongoDB will never have.
 */
class BrokerOutageIntegrationTests {

	private static final int KEYS = 200;

	private final KraftBroker broker = KraftBroker.start(0);

	private final WriteBehindTestCluster cluster = new WriteBehindTestCluster("broker-outage",
			this.broker.bootstrapServers(), DevServices.shared().redis().url(), DevServices.shared().mongoUri());

	@AfterEach
	void close() {
		this.cluster.close();
		this.broker.close();
	}

	@Test
	void writesDuringOutageFailAndAcknowledgedOnesArePersisted() throws Exception {
		ConfigurableApplicationContext publisher = this.cluster.publisher(
				"cachekit.write-behind.producer.ack-timeout=3s", "cachekit.write-behind.producer.max-block=1s");
		WriteBehindTemplate template = publisher.getBean(WriteBehindTemplate.class);
		WriteBehindCache cache = publisher.getBean(WriteBehindCache.class);
		this.cluster.worker();
		Map<String, Long> acknowledged = new ConcurrentHashMap<>();
		Queue<RuntimeException> failures = new ConcurrentLinkedQueue<>();
		AtomicBoolean writing = new AtomicBoolean(true);
		ExecutorService writers = Executors.newFixedThreadPool(4);
		for (int t = 0; t < 4; t++) {
			writers.submit(() -> {
				while (writing.get()) {
					String key = "k" + ThreadLocalRandom.current().nextInt(KEYS);
					try {
						acknowledged.merge(key,
								template.save(WriteBehindTestCluster.TYPE, key, Map.of("at", System.nanoTime())),
								Math::max);
					}
					catch (RuntimeException ex) {
						failures.add(ex);
					}
					Thread.sleep(2);
				}
				return null;
			});
		}
		Thread.sleep(2000);
		this.broker.stop();
		Thread.sleep(8000);
		this.broker.restart();
		Thread.sleep(3000);
		writing.set(false);
		writers.shutdown();
		assertThat(writers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
		WriteBehindTestCluster.await(Duration.ofSeconds(60), "every acknowledged version in MongoDB",
				() -> acknowledged.entrySet().stream().allMatch((e) -> {
					Long stored = this.cluster.storedVersions().get(e.getKey());
					return stored != null && stored >= e.getValue();
				}));
		WriteBehindTestCluster.await(Duration.ofSeconds(30), "consumer lag back to 0",
				() -> this.cluster.consumerLag() == 0);
		assertThat(failures).isNotEmpty();
		assertThat(failures).allSatisfy((failure) -> {
			assertThat(failure).isInstanceOf(WriteBehindUnavailableException.class)
				.hasMessageContaining("was not acknowledged by Kafka");
			assertThat(((WriteBehindUnavailableException) failure).httpStatus()).isEqualTo(503);
		});
		Map<String, Long> stored = this.cluster.storedVersions();
		for (int i = 0; i < KEYS; i++) {
			String key = "k" + i;
			WriteBehindCache.Entry entry = cache.get(WriteBehindTestCluster.TYPE, key);
			if (entry != null) {
				assertThat(stored.get(key)).as("MongoDB version of %s", key).isGreaterThanOrEqualTo(entry.version());
			}
		}
	}

}
