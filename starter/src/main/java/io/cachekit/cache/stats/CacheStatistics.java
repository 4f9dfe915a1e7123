package io.cachekit.cache.stats;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one cache, read by the metrics binder and the {@code cachekit} actuator endpoint, and
 * counted by the cache's collaborators through the {@code record...} methods.
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

	private final LongAdder nearHits = new LongAdder();

	private final LongAdder leaseWaits = new LongAdder();

	private final LongAdder leaseTimeouts = new LongAdder();

	private final LongAdder staleSetsRejected = new LongAdder();

	private final LongAdder staleServed = new LongAdder();

	private final LongAdder refreshes = new LongAdder();

	private final LongAdder refreshErrors = new LongAdder();

	private final LongAdder pendingServed = new LongAdder();

	private volatile long recentLoadNanos;

	public void recordHit() {
		this.hits.increment();
	}

	public void recordMiss() {
		this.misses.increment();
	}

	public void recordPut() {
		this.puts.increment();
	}

	public void recordEviction() {
		this.evictions.increment();
	}

	public void recordError() {
		this.errors.increment();
	}

	public void recordUnreadable() {
		this.unreadable.increment();
	}

	public void recordLoad(long nanos) {
		this.loads.increment();
		this.loadNanos.add(nanos);
		long recent = this.recentLoadNanos;
		// an exponentially weighted mean: XFetch scales early refresh with the recent load time
		this.recentLoadNanos = (recent == 0) ? nanos : recent + (nanos - recent) / 8;
	}

	public void recordPendingServed() {
		this.pendingServed.increment();
	}

	public void recordNearHit() {
		this.nearHits.increment();
	}

	public void recordLeaseWait() {
		this.leaseWaits.increment();
	}

	public void recordLeaseTimeout() {
		this.leaseTimeouts.increment();
	}

	public void recordStaleSetRejected() {
		this.staleSetsRejected.increment();
	}

	public void recordStaleServed() {
		this.staleServed.increment();
	}

	public void recordRefresh() {
		this.refreshes.increment();
	}

	public void recordRefreshError() {
		this.refreshErrors.increment();
	}

	/** @return misses answered with a value written but not yet persisted (write-behind) instead of a load */
	public long pendingServed() {
		return this.pendingServed.sum();
	}

	/** @return hits answered by the near cache without I/O (included in {@link #hits()}) */
	public long nearHits() {
		return this.nearHits.sum();
	}

	/** @return misses that waited for another instance's load instead of loading */
	public long leaseWaits() {
		return this.leaseWaits.sum();
	}

	/** @return waits for another instance's load that ran out of time (the caller loaded itself) */
	public long leaseTimeouts() {
		return this.leaseTimeouts.sum();
	}

	/** @return loaded values not written because the entry was evicted or overwritten during the load */
	public long staleSetsRejected() {
		return this.staleSetsRejected.sum();
	}

	/** @return expired values served while a refresh ran or after it failed */
	public long staleServed() {
		return this.staleServed.sum();
	}

	/** @return background refreshes (early refresh and stale-while-revalidate) that stored a value */
	public long refreshes() {
		return this.refreshes.sum();
	}

	/** @return background refreshes whose loader failed */
	public long refreshErrors() {
		return this.refreshErrors.sum();
	}

	/** @return the recent mean load time in nanoseconds, 0 before the first load */
	public long recentLoadNanos() {
		return this.recentLoadNanos;
	}

	/** @return lookups that found a value */
	public long hits() {
		// near hits are counted once, in their own adder: the in-process hit path pays one increment
		return this.hits.sum() + this.nearHits.sum();
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

	/** @return values loaded through the cache (sync lookups and background refreshes) */
	public long loads() {
		return this.loads.sum();
	}

	/** @return total time spent in loads through the cache, in nanoseconds */
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
