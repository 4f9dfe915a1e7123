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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.bson.Document;

import io.cachekit.apps.CachingReaderTestApplication.Item;
import io.cachekit.writebehind.WriteBehindTemplate;
import io.cachekit.writebehind.WriteBehindUnavailableException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Write-behind updates from several threads, each saving its own keys one at a time, so that each key's saves
 * are acknowledged in order: records the last acknowledged version and attempt of each key, the saves refused
 * with an exception, and any acknowledged version that did not grow.
 */
final class AcknowledgedLoad {

	final Map<String, Long> acknowledged = new ConcurrentHashMap<>();

	final Map<String, Long> acknowledgedAttempts = new ConcurrentHashMap<>();

	final AtomicLong refused = new AtomicLong();

	final AtomicLong unexpected = new AtomicLong();

	final AtomicLong versionRegressions = new AtomicLong();

	private final WriteBehindTemplate template;

	private final int keys;

	private final int threads;

	private final String padding;

	private final AtomicInteger remaining;

	private final AtomicInteger done = new AtomicInteger();

	private final AtomicLong attempts = new AtomicLong();

	private final ExecutorService writers;

	private final List<Future<?>> futures = new ArrayList<>();

	AcknowledgedLoad(WriteBehindTemplate template, int updates, int keys, int threads, String padding) {
		this.template = template;
		this.keys = keys;
		this.threads = threads;
		this.padding = padding;
		this.remaining = new AtomicInteger(updates);
		this.writers = Executors.newFixedThreadPool(threads);
	}

	void start() {
		for (int t = 0; t < this.threads; t++) {
			int thread = t;
			this.futures.add(this.writers.submit(() -> {
				while (this.remaining.getAndDecrement() > 0) {
					String key = "k"
							+ (thread + this.threads * ThreadLocalRandom.current().nextInt(this.keys / this.threads));
					long attempt = this.attempts.incrementAndGet();
					try {
						long version = this.template.save(WriteBehindTestCluster.TYPE, key,
								new Item(key, attempt, this.padding));
						Long previous = this.acknowledged.put(key, version);
						if (previous != null && previous >= version) {
							this.versionRegressions.incrementAndGet();
						}
						this.acknowledgedAttempts.put(key, attempt);
					}
					catch (WriteBehindUnavailableException ex) {
						this.refused.incrementAndGet();
					}
					catch (RuntimeException ex) {
						this.unexpected.incrementAndGet();
					}
					this.done.incrementAndGet();
				}
				return null;
			}));
		}
	}

	int done() {
		return this.done.get();
	}

	void awaitProgress(int updates) throws InterruptedException {
		WriteBehindTestCluster.await(Duration.ofMinutes(3), updates + " updates", () -> this.done.get() >= updates);
	}

	void finish() throws Exception {
		for (Future<?> future : this.futures) {
			future.get(5, TimeUnit.MINUTES);
		}
		this.writers.shutdown();
	}

	void awaitEveryAcknowledgedVersionPersisted(WriteBehindTestCluster cluster) throws InterruptedException {
		WriteBehindTestCluster.await(Duration.ofSeconds(90), "every acknowledged version in MongoDB", () -> {
			Map<String, Long> stored = cluster.storedVersions();
			return this.acknowledged.entrySet().stream().allMatch((e) -> e.getValue().equals(stored.get(e.getKey())));
		});
	}

	void assertNothingLost(WriteBehindTestCluster cluster) {
		assertThat(this.unexpected).as("saves that failed other than by refusing").hasValue(0);
		assertThat(this.versionRegressions).as("acknowledged versions that did not grow").hasValue(0);
		assertThat(this.acknowledged).isNotEmpty();
		assertThat(cluster.storedVersions()).isEqualTo(this.acknowledged);
		for (Document document : cluster.collection().find()) {
			assertThat(((Number) document.get("attempt")).longValue())
				.as("the last acknowledged value of %s", document.getString("_id"))
				.isEqualTo(this.acknowledgedAttempts.get(document.getString("_id")));
		}
	}

}
