package io.cachekit.worker;

import java.time.Duration;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.context.ConfigurableApplicationContext;

import io.cachekit.writebehind.WriteBehindTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The machine-independent cost of write-behind: MongoDB write commands (round trips) and documents written per
 * 1,000 acknowledged updates, counted by a command listener on the worker's own MongoDB client. Writing through
 * costs one round trip per update by construction; the worker writes a batch in one unordered bulk write per
 * collection, and with hot keys it writes each key once per batch (coalescing).
 */
class MongoRoundTripsIntegrationTests {

	private static final int UPDATES = 1000;

	private final WriteBehindTestCluster cluster = WriteBehindTestCluster.onSharedServers("mongo-trips");

	private final AtomicInteger writeCommands = new AtomicInteger();

	@AfterEach
	void close() {
		this.cluster.close();
	}

	@Test
	void thousandUpdatesOfDistinctKeysTakeAFewRoundTrips() {
		WriteBehindTemplate template = this.cluster.publisher().getBean(WriteBehindTemplate.class);
		for (int i = 0; i < UPDATES; i++) {
			template.save(WriteBehindTestCluster.TYPE, "uniform-" + i, new Item("uniform-" + i, i));
		}
		ConfigurableApplicationContext worker = startCountingWorker();
		await().atMost(Duration.ofSeconds(60)).until(() -> accountedFor(worker) >= UPDATES);
		assertThat(this.cluster.storedVersions()).hasSize(UPDATES);
		double persisted = counter(worker, "cachekit.worker.records.persisted");
		System.out.printf("uniform keys: %d MongoDB write commands and %.0f documents written for %d updates%n",
				this.writeCommands.get(), persisted, UPDATES);
		assertThat(this.writeCommands.get()).as("MongoDB round trips per 1,000 updates").isBetween(1, 10);
		assertThat(persisted).isEqualTo(UPDATES);
	}

	@Test
	void hotKeysAreWrittenOncePerBatch() {
		WriteBehindTemplate template = this.cluster.publisher().getBean(WriteBehindTemplate.class);
		ZipfKeys keys = new ZipfKeys(1000, 0.99, new Random(42));
		Set<String> distinct = new HashSet<>();
		for (int i = 0; i < UPDATES; i++) {
			String key = "hot-" + keys.next();
			distinct.add(key);
			template.save(WriteBehindTestCluster.TYPE, key, new Item(key, i));
		}
		ConfigurableApplicationContext worker = startCountingWorker();
		await().atMost(Duration.ofSeconds(60)).until(() -> accountedFor(worker) >= UPDATES);
		assertThat(this.cluster.storedVersions()).hasSize(distinct.size());
		double persisted = counter(worker, "cachekit.worker.records.persisted");
		System.out.printf("Zipf(0.99) over 1,000 keys: %d distinct keys, %d MongoDB write commands, %.0f documents "
				+ "written for %d updates (%.2f per update)%n", distinct.size(), this.writeCommands.get(), persisted,
				UPDATES, persisted / UPDATES);
		assertThat(this.writeCommands.get()).as("MongoDB round trips per 1,000 updates").isBetween(1, 10);
		assertThat(persisted / UPDATES).as("documents written per update").isLessThan(1.0);
	}

	private ConfigurableApplicationContext startCountingWorker() {
		CommandListener counter = new CommandListener() {
			@Override
			public void commandStarted(CommandStartedEvent event) {
				String command = event.getCommandName();
				if (command.equals("insert") || command.equals("update") || command.equals("delete")) {
					MongoRoundTripsIntegrationTests.this.writeCommands.incrementAndGet();
				}
			}
		};
		ConfigurableApplicationContext worker = this.cluster.workerLauncher()
			.initializer((ConfigurableApplicationContext context) -> context.getBeanFactory()
				.registerSingleton("countingMongoCommands",
						(MongoClientSettingsBuilderCustomizer) (settings) -> settings.addCommandListener(counter)))
			.start();
		return worker;
	}

	/** Updates the worker is done with: written, coalesced into a newer one of their batch, or refused as stale. */
	private static double accountedFor(ConfigurableApplicationContext worker) {
		return counter(worker, "cachekit.worker.records.persisted") + counter(worker, "cachekit.worker.records.coalesced")
				+ counter(worker, "cachekit.worker.records.stale");
	}

	private static double counter(ConfigurableApplicationContext worker, String name) {
		return worker.getBean(MeterRegistry.class).get(name).counter().count();
	}

	record Item(String key, long attempt) {
	}

	/** Keys 0 to n-1 drawn with probability proportional to 1 / (rank + 1)^s. */
	private static final class ZipfKeys {

		private final double[] cumulative;

		private final Random random;

		ZipfKeys(int n, double s, Random random) {
			this.cumulative = new double[n];
			double sum = 0;
			for (int k = 0; k < n; k++) {
				sum += 1 / Math.pow(k + 1, s);
				this.cumulative[k] = sum;
			}
			for (int k = 0; k < n; k++) {
				this.cumulative[k] /= sum;
			}
			this.random = random;
		}

		int next() {
			double u = this.random.nextDouble();
			int low = 0;
			int high = this.cumulative.length - 1;
			while (low < high) {
				int mid = (low + high) >>> 1;
				if (this.cumulative[mid] < u) {
					low = mid + 1;
				}
				else {
					high = mid;
				}
			}
			return low;
		}

	}

}
