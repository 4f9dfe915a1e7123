package io.cachekit.cache;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one cache, read by the metrics binder and the {@code cachekit} actuator endpoint.
 */
public final class CacheStatistics {

	private final LongAdder hits = new LongAdder();

	private final LongAdder misses = new LongAdder();

	private final LongAdder puts = new LongAdder();

	private final LongAdder evictions = new LongAdder();

	private final LongAdder errors = new LongAdder();

	private final LongAdder unreadable = new LongAdder();

	private final LongAdder loads = new LongAdder();

	private final LongAdder loadNanos = new LongAdder();

	void recordHit() {
		this.hits.increment();
	}

	void recordMiss() {
		this.misses.increment();
	}

	void recordPut() {
		this.puts.increment();
	}

	void recordEviction() {
		this.evictions.increment();
	}

	void recordError() {
		this.errors.increment();
	}

	void recordUnreadable() {
		this.unreadable.increment();
	}

	void recordLoad(long nanos) {
		this.loads.increment();
		this.loadNanos.add(nanos);
	}

	/** @return lookups that found a value */
	public long hits() {
		return this.hits.sum();
	}

	/** @return lookups that found nothing usable */
	public long misses() {
		return this.misses.sum();
	}

	/** @return values written */
	public long puts() {
		return this.puts.sum();
	}

	/** @return keys, tags and whole caches invalidated */
	public long evictions() {
		return this.evictions.sum();
	}

	/** @return Redis calls that failed or were refused by the circuit breaker */
	public long errors() {
		return this.errors.sum();
	}

	/** @return stored values that could not be read and were treated as misses */
	public long unreadable() {
		return this.unreadable.sum();
	}

	/** @return values loaded by {@code sync} lookups */
	public long loads() {
		return this.loads.sum();
	}

	/** @return total time spent in {@code sync} loads, in nanoseconds */
	public long loadNanos() {
		return this.loadNanos.sum();
	}

	/** @return hits divided by lookups, or 0 before the first lookup */
	public double hitRatio() {
		long h = hits();
		long total = h + misses();
		return (total == 0) ? 0 : (double) h / total;
	}

}
