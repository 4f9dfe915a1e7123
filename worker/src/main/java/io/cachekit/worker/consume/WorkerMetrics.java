package io.cachekit.worker.consume;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The worker's meters, all named {@code cachekit.worker.*}: records consumed, persisted, coalesced, rejected
 * as stale (of which superseded: strictly older than the stored version), dead-lettered, cached copies evicted, the batch size, and the end-to-end lag from an update's acceptance to its
 * persistence. Consumer lag comes from the Kafka client metrics Spring Boot binds
 * ({@code kafka.consumer.fetch.manager.records.lag.max}).
 */
public class WorkerMetrics {

	private final Counter consumed;

	private final Counter persisted;

	private final Counter coalesced;

	private final Counter stale;

	private final Counter deadLettered;

	private final Counter superseded;

	private final Counter copiesEvicted;

	private final DistributionSummary batchSize;

	private final Timer lag;

	/**
	 * Registers the meters.
	 * @param registry the registry
	 */
	public WorkerMetrics(MeterRegistry registry) {
		this.consumed = Counter.builder("cachekit.worker.records.consumed")
			.description("Records handed to the worker")
			.register(registry);
		this.persisted = Counter.builder("cachekit.worker.records.persisted")
			.description("Documents inserted or replaced by a newer version")
			.register(registry);
		this.coalesced = Counter.builder("cachekit.worker.records.coalesced")
			.description("Records superseded by a newer version of the same key in the same batch")
			.register(registry);
		this.stale = Counter.builder("cachekit.worker.records.stale")
			.description("Records rejected because MongoDB already held the same or a newer version")
			.register(registry);
		this.superseded = Counter.builder("cachekit.worker.records.superseded")
			.description("Acknowledged records rejected because MongoDB already held a strictly newer version")
			.register(registry);
		this.copiesEvicted = Counter.builder("cachekit.worker.cached.copies.evicted")
			.description("Cached copies of persisted keys evicted from the applications' caches")
			.register(registry);
		this.deadLettered = Counter.builder("cachekit.worker.records.dead.lettered")
			.description("Records sent to the dead-letter topic")
			.register(registry);
		this.batchSize = DistributionSummary.builder("cachekit.worker.batch.size")
			.description("Records per batch")
			.register(registry);
		this.lag = Timer.builder("cachekit.worker.lag")
			.description("End-to-end lag from an update's acceptance to its persistence")
			.publishPercentileHistogram()
			.publishPercentiles(0.5, 0.99)
			.register(registry);
	}

	void batch(int size) {
		this.consumed.increment(size);
		this.batchSize.record(size);
	}

	void written(long persisted, long stale, long coalesced) {
		this.persisted.increment(persisted);
		this.stale.increment(stale);
		this.coalesced.increment(coalesced);
	}

	void superseded(long count) {
		this.superseded.increment(count);
	}

	void copiesEvicted(long count) {
		this.copiesEvicted.increment(count);
	}

	void lag(long millis) {
		this.lag.record(Duration.ofMillis(Math.max(0, millis)));
	}

	void deadLettered() {
		this.deadLettered.increment();
	}

}
