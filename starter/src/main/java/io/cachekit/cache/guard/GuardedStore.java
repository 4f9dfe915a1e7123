package io.cachekit.cache.guard;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import io.cachekit.cache.store.CacheStore;
import io.cachekit.cache.store.LeaseStore.LoadClaim;

/**
 * The store as one cache's algorithms see it: every call runs under the {@link CacheGuard} and a failure
 * is counted for that cache before it surfaces as a {@link CacheUnavailableException}. The {@code ...Quietly}
 * calls answer the fail-open result themselves, so the algorithms only catch where their policy differs.
 */
public final class GuardedStore {

	private final CacheStore store;

	private final CacheGuard guard;

	private final Runnable failures;

	/**
	 * Creates the view of one cache.
	 * @param store the store
	 * @param guard the guard shared by the manager's caches
	 * @param failures counts a failed call, e.g. in the cache's statistics
	 */
	public GuardedStore(CacheStore store, CacheGuard guard, Runnable failures) {
		this.store = store;
		this.guard = guard;
		this.failures = failures;
	}

	/**
	 * The guard.
	 * @return the guard
	 */
	public CacheGuard guard() {
		return this.guard;
	}

	/**
	 * Reads an entry.
	 * @param key the entry key
	 * @return its bytes, or {@code null} when absent
	 * @throws CacheUnavailableException if Redis cannot answer
	 */
	public byte[] get(String key) {
		return call("read from", () -> this.store.get(key));
	}

	/**
	 * Reads several entries in one round trip.
	 * @param keys the entry keys
	 * @return their bytes in the order of the keys, {@code null} for absent ones
	 * @throws CacheUnavailableException if Redis cannot answer
	 */
	public List<byte[]> getAll(List<String> keys) {
		return call("read from", () -> this.store.getAll(keys));
	}

	/**
	 * Claims the lease of a missing entry, or finds it.
	 * @param key the entry key
	 * @param token the caller's token
	 * @param leaseTime how long the lease lives
	 * @return the claim
	 * @throws CacheUnavailableException if Redis cannot answer
	 */
	public LoadClaim claimLoad(String key, String token, Duration leaseTime) {
		return call("claim a load in", () -> this.store.claimLoad(key, token, leaseTime));
	}

	/**
	 * Claims the lease of an entry that is present (a refresh, or an unusable entry in the way).
	 * @param key the entry key
	 * @param token the caller's token
	 * @param leaseTime how long the lease lives
	 * @return whether the lease is the caller's
	 * @throws CacheUnavailableException if Redis cannot answer
	 */
	public boolean claimRefresh(String key, String token, Duration leaseTime) {
		return call("claim a refresh in", () -> this.store.claimRefresh(key, token, leaseTime));
	}

	/**
	 * Claims the lease of an entry that is present.
	 * @param key the entry key
	 * @param token the caller's token
	 * @param leaseTime how long the lease lives
	 * @return whether the lease is the caller's; {@code false} also when Redis cannot answer
	 */
	public boolean claimRefreshQuietly(String key, String token, Duration leaseTime) {
		try {
			return claimRefresh(key, token, leaseTime);
		}
		catch (CacheUnavailableException ex) {
			return false;
		}
	}

	/**
	 * Releases a lease the caller holds, waking waiters; a failure is counted and otherwise ignored (the lease
	 * expires).
	 * @param key the entry key
	 * @param token the caller's token
	 * @param landingChannel where waiters listen
	 */
	public void releaseQuietly(String key, String token, String landingChannel) {
		try {
			call("release a lease in", () -> {
				this.store.releaseLease(key, token, landingChannel);
				return null;
			});
		}
		catch (CacheUnavailableException ex) {
			// counted; the lease expires after its lease time
		}
	}

	/**
	 * Writes an entry if the caller's lease still holds.
	 * @param key the entry key
	 * @param value the encoded entry
	 * @param ttl the TTL, {@code null} for none
	 * @param token the caller's token
	 * @param landingChannel where waiters listen
	 * @return whether it was written
	 * @throws CacheUnavailableException if Redis cannot answer
	 */
	public boolean setIfLeased(String key, byte[] value, Duration ttl, String token, String landingChannel) {
		return call("write to", () -> this.store.setIfLeased(key, value, ttl, token, landingChannel));
	}

	/**
	 * Writes an entry unconditionally; with {@code revoking} any lease is revoked too, so a load in flight
	 * cannot overwrite it.
	 * @param key the entry key
	 * @param value the encoded entry
	 * @param ttl the TTL, {@code null} for none
	 * @param revoking whether to revoke the entry's lease and wake its waiters
	 * @param landingChannel where waiters listen
	 * @throws CacheUnavailableException if Redis cannot answer
	 */
	public void set(String key, byte[] value, Duration ttl, boolean revoking, String landingChannel) {
		call("write to", () -> {
			if (revoking) {
				this.store.setAndRevokeLease(key, value, ttl, landingChannel);
			}
			else {
				this.store.set(key, value, ttl);
			}
			return null;
		});
	}

	/**
	 * Writes an entry unless one is present.
	 * @param key the entry key
	 * @param value the encoded entry
	 * @param ttl the TTL, {@code null} for none
	 * @return whether it was written
	 * @throws CacheUnavailableException if Redis cannot answer
	 */
	public boolean setIfAbsent(String key, byte[] value, Duration ttl) {
		return call("write to", () -> this.store.setIfAbsent(key, value, ttl));
	}

	/**
	 * Runs a call under the guard and counts its failure.
	 * @param <T> the result type
	 * @param what what the call does, for the log
	 * @param call the call
	 * @return its result
	 * @throws CacheUnavailableException if the guard refused the call or it failed
	 */
	public <T> T call(String what, Supplier<T> call) {
		try {
			return this.guard.call(what, call);
		}
		catch (CacheUnavailableException ex) {
			this.failures.run();
			throw ex;
		}
	}

}
