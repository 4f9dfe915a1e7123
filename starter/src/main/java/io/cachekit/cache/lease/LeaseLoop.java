package io.cachekit.cache.lease;

import java.util.concurrent.CompletableFuture;

import io.micrometer.observation.Observation;

import org.springframework.cache.support.SimpleValueWrapper;

import io.cachekit.cache.access.CacheInvocation;
import io.cachekit.cache.access.CacheObservations;
import io.cachekit.cache.access.CacheScope;
import io.cachekit.cache.access.EntryReader;
import io.cachekit.cache.access.EntryWriter;
import io.cachekit.cache.access.Lease;
import io.cachekit.cache.access.PendingReader;
import io.cachekit.cache.access.Read;
import io.cachekit.cache.guard.CacheUnavailableException;
import io.cachekit.cache.store.LeaseStore.LoadClaim;

/**
 * Loads a missing entry once across all instances. The loop claims the entry's lease in Redis: the winner
 * loads (how is the {@link LoadStrategy}'s business); the others wait for its landing, bounded by the wait
 * timeout, and look again. A value found meanwhile is served; an unusable entry in the way (unreadable, from
 * an older generation, a tag evicted) is claimed over. After the wait runs out, one last claim is tried, then
 * the caller loads without caching. Before a lease holder loads, a value pending in write-behind is served
 * instead. A caller that waits is observed as {@link CacheObservations#LEASE_WAIT}, from its first wait until it
 * serves a value, takes the lease or gives up, with how it ended as the outcome.
 */
public final class LeaseLoop {

	private final LoadCoordination coordination;

	private final CacheScope scope;

	private final EntryReader reader;

	private final EntryWriter writer;

	private final PendingReader pending;

	/**
	 * Creates the loop of one cache.
	 * @param coordination the manager's leases, landings and tokens
	 * @param scope the cache's collaborators
	 * @param reader reads entries found by a claim
	 * @param writer makes leases and releases them
	 * @param pending values waiting to be persisted
	 */
	public LeaseLoop(LoadCoordination coordination, CacheScope scope, EntryReader reader, EntryWriter writer,
			PendingReader pending) {
		this.coordination = coordination;
		this.scope = scope;
		this.reader = reader;
		this.writer = writer;
		this.pending = pending;
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
		// started at the first wait, ended (and set back to null) before the strategy loads or serves
		Observation wait = null;
		try {
			while (true) {
				long stamp = this.scope.near().stamp(encodedKey);
				CompletableFuture<Void> landing = this.coordination.expectLanding(storeKey);
				LoadClaim claim;
				try {
					claim = claim(storeKey, token, occupied);
				}
				catch (CacheUnavailableException ex) {
					wait = ended(wait, CacheObservations.UNAVAILABLE);
					// load without caching: without a lease the value could overwrite a newer one
					return strategy.withoutLease(Lease.withoutWrite(key, storeKey, stamp));
				}
				if (claim.value() != null) {
					Read found = this.reader.decode(key, encodedKey, storeKey, claim.value(), invocation.type(), stamp);
					if (found.servable()) {
						wait = ended(wait, CacheObservations.LANDED);
						return strategy.found(found.wrapper());
					}
					occupied = true;
					continue;
				}
				if (claim.leased()) {
					PendingReader.Pending value = this.pending.find(key, invocation.type());
					if (value != null) {
						this.writer.release(storeKey, token);
						wait = ended(wait, CacheObservations.LANDED);
						return strategy.found(new SimpleValueWrapper(value.value()));
					}
					Lease lease = this.writer.lease(key, storeKey, token, stamp, invocation);
					wait = ended(wait, CacheObservations.LEASED);
					return strategy.leased(lease);
				}
				if (lastChance) {
					PendingReader.Pending value = this.pending.find(key, invocation.type());
					wait = ended(wait, CacheObservations.TIMED_OUT);
					// the holder's write wins, whatever this caller computes
					return (value != null) ? strategy.found(new SimpleValueWrapper(value.value()))
							: strategy.withoutLease(Lease.withoutWrite(key, storeKey, stamp));
				}
				if (!waited) {
					this.scope.statistics().recordLeaseWait();
					waited = true;
					wait = this.scope.observations().startLeaseWait();
				}
				if (!this.coordination.awaitLanding(storeKey, landing, deadline)) {
					this.scope.statistics().recordLeaseTimeout();
					lastChance = true;
				}
				occupied = false;
			}
		}
		catch (RuntimeException | Error ex) {
			CacheObservations.stop(wait, CacheObservations.ERROR, ex);
			throw ex;
		}
	}

	/**
	 * Claims the lease of an entry that is present, for a reload.
	 * @param key the user key
	 * @param encodedKey the encoded key
	 * @param storeKey the entry's Redis key
	 * @param invocation the call's type, TTL and tags
	 * @param givingWayToPending whether a value pending in write-behind makes the reload pointless (the
	 * database has nothing newer), so the claim is given back
	 * @return the lease, or {@code null} if another caller holds it, Redis cannot be asked, or a value is pending
	 */
	public Lease claimRefresh(Object key, String encodedKey, String storeKey, CacheInvocation invocation,
			boolean givingWayToPending) {
		String token = this.coordination.newToken();
		long stamp = this.scope.near().stamp(encodedKey);
		if (!this.scope.store().claimRefreshQuietly(storeKey, token, this.coordination.leaseTime())) {
			return null;
		}
		if (givingWayToPending && this.pending.find(key, invocation.type()) != null) {
			this.writer.release(storeKey, token);
			return null;
		}
		return this.writer.lease(key, storeKey, token, stamp, invocation);
	}

	/** Ends the wait, if this caller waited, before it loads or serves: the wait's time is the wait alone. */
	private static Observation ended(Observation wait, String outcome) {
		CacheObservations.stop(wait, outcome, null);
		return null;
	}

	private LoadClaim claim(String storeKey, String token, boolean present) {
		if (present) {
			return this.scope.store().claimRefresh(storeKey, token, this.coordination.leaseTime()) ? LoadClaim.LEASED
					: LoadClaim.BUSY;
		}
		return this.scope.store().claimLoad(storeKey, token, this.coordination.leaseTime());
	}

}
