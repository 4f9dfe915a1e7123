package io.cachekit.cache.lease;

import java.util.concurrent.CompletableFuture;

import org.springframework.cache.support.SimpleValueWrapper;

import io.cachekit.cache.access.CacheInvocation;
import io.cachekit.cache.access.EntryReader;
import io.cachekit.cache.access.EntryWriter;
import io.cachekit.cache.access.Lease;
import io.cachekit.cache.access.PendingReader;
import io.cachekit.cache.access.Read;
import io.cachekit.cache.guard.CacheUnavailableException;
import io.cachekit.cache.guard.GuardedStore;
import io.cachekit.cache.near.NearTier;
import io.cachekit.cache.stats.CacheStatistics;
import io.cachekit.cache.store.LeaseStore.LoadClaim;

/**
 * Loads a missing entry once across all instances. The loop claims the entry's lease in Redis: the winner
 * loads (how is the {@link LoadStrategy}'s business); the others wait for its landing, bounded by the wait
 * timeout, and look again. A value found meanwhile is served; an unusable entry in the way (unreadable, from
 * an older generation, a tag evicted) is claimed over. After the wait runs out, one last claim is tried, then
 * the caller loads without caching. Before a lease holder loads, a value pending in write-behind is served
 * instead.
 */
public final class LeaseLoop {

	private final LoadCoordination coordination;

	private final GuardedStore store;

	private final EntryReader reader;

	private final EntryWriter writer;

	private final PendingReader pending;

	private final NearTier near;

	private final CacheStatistics statistics;

	/**
	 * Creates the loop of one cache.
	 * @param coordination the manager's leases, landings and tokens
	 * @param store the guarded store
	 * @param reader reads entries found by a claim
	 * @param writer makes leases and releases them
	 * @param pending values waiting to be persisted
	 * @param near the near tier, for its stamps
	 * @param statistics the cache's counters
	 */
	public LeaseLoop(LoadCoordination coordination, GuardedStore store, EntryReader reader, EntryWriter writer,
			PendingReader pending, NearTier near, CacheStatistics statistics) {
		this.coordination = coordination;
		this.store = store;
		this.reader = reader;
		this.writer = writer;
		this.pending = pending;
		this.near = near;
		this.statistics = statistics;
	}

	/**
	 * Gets a missing entry loaded once.
	 * @param <R> what the strategy answers
	 * @param key the user key
	 * @param encodedKey the encoded key
	 * @param storeKey the entry's Redis key
	 * @param invocation the call's type, TTL and tags
	 * @param present whether an unusable entry is in the way
	 * @param strategy who loads
	 * @return the strategy's answer
	 * @throws Exception if the load fails
	 */
	public <R> R run(Object key, String encodedKey, String storeKey, CacheInvocation invocation, boolean present,
			LoadStrategy<R> strategy) throws Exception {
		long deadline = System.nanoTime() + this.coordination.waitTimeout().toNanos();
		String token = this.coordination.newToken();
		boolean occupied = present;
		boolean waited = false;
		boolean lastChance = false;
		while (true) {
			long stamp = this.near.stamp(encodedKey);
			CompletableFuture<Void> landing = this.coordination.expectLanding(storeKey);
			LoadClaim claim;
			try {
				claim = claim(storeKey, token, occupied);
			}
			catch (CacheUnavailableException ex) {
				// load without caching: without a lease the value could overwrite a newer one
				return strategy.withoutLease(Lease.withoutWrite(key, storeKey, stamp));
			}
			if (claim.value() != null) {
				Read found = this.reader.decode(key, encodedKey, storeKey, claim.value(), invocation.type(), stamp);
				if (found.servable()) {
					return strategy.found(found.wrapper());
				}
				occupied = true;
				continue;
			}
			if (claim.leased()) {
				PendingReader.Pending value = this.pending.find(key, invocation.type());
				if (value != null) {
					this.writer.release(storeKey, token);
					return strategy.found(new SimpleValueWrapper(value.value()));
				}
				return strategy.leased(this.writer.lease(key, storeKey, token, stamp, invocation));
			}
			if (lastChance) {
				PendingReader.Pending value = this.pending.find(key, invocation.type());
				// the holder's write wins, whatever this caller computes
				return (value != null) ? strategy.found(new SimpleValueWrapper(value.value()))
						: strategy.withoutLease(Lease.withoutWrite(key, storeKey, stamp));
			}
			if (!waited) {
				this.statistics.recordLeaseWait();
				waited = true;
			}
			if (!this.coordination.awaitLanding(storeKey, landing, deadline)) {
				this.statistics.recordLeaseTimeout();
				lastChance = true;
			}
			occupied = false;
		}
	}

	/**
	 * Claims the lease of an entry that is present, for a refresh by the caller.
	 * @param key the user key
	 * @param encodedKey the encoded key
	 * @param storeKey the entry's Redis key
	 * @param invocation the call's type, TTL and tags
	 * @return the lease, or {@code null} if another caller holds it or Redis cannot be asked
	 */
	public Lease claimRefresh(Object key, String encodedKey, String storeKey, CacheInvocation invocation) {
		String token = this.coordination.newToken();
		long stamp = this.near.stamp(encodedKey);
		if (!this.store.claimRefreshQuietly(storeKey, token, this.coordination.leaseTime())) {
			return null;
		}
		return this.writer.lease(key, storeKey, token, stamp, invocation);
	}

	private LoadClaim claim(String storeKey, String token, boolean present) {
		if (present) {
			return this.store.claimRefresh(storeKey, token, this.coordination.leaseTime()) ? LoadClaim.LEASED
					: LoadClaim.BUSY;
		}
		return this.store.claimLoad(storeKey, token, this.coordination.leaseTime());
	}

}
