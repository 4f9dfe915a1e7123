package io.cachekit.cache.lease;

import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;

import io.cachekit.cache.access.CacheInvocation;
import io.cachekit.cache.access.CacheScope;
import io.cachekit.cache.access.EntryReader;
import io.cachekit.cache.access.EntryWriter;
import io.cachekit.cache.access.Lease;
import io.cachekit.cache.guard.CacheUnavailableException;

/**
 * Reloads entries that are present: in the background when a read drew an early refresh or served a stale
 * value (one refresh per key per instance, on the manager's bounded pool), and ahead of demand for cache
 * warming. A reload holds the entry's lease, so it never races loads, puts or evictions in any instance; it
 * gives way to a value pending in write-behind, since the database has nothing newer.
 */
public final class Refresher {

	private final LoadCoordination coordination;

	private final CacheScope scope;

	private final EntryReader reader;

	private final EntryWriter writer;

	private final LeaseLoop leases;

	private final ConcurrentHashMap<String, Boolean> refreshing = new ConcurrentHashMap<>();

	/**
	 * Creates the refresher of one cache.
	 * @param coordination the manager's refresh pool
	 * @param scope the cache's collaborators
	 * @param reader reads entries to warm
	 * @param writer writes reloaded values
	 * @param leases claims the entries' leases
	 */
	public Refresher(LoadCoordination coordination, CacheScope scope, EntryReader reader, EntryWriter writer,
			LeaseLoop leases) {
		this.coordination = coordination;
		this.scope = scope;
		this.reader = reader;
		this.writer = writer;
		this.leases = leases;
	}

	/**
	 * Refreshes an entry in the background, unless this instance is already refreshing it or the pool is
	 * saturated. A failed load is logged and the cached value served until it expires.
	 * @param key the user key
	 * @param encodedKey the encoded key
	 * @param storeKey the entry's Redis key
	 * @param loader loads the value
	 * @param invocation the call's type, TTL and tags
	 */
	public void refreshInBackground(Object key, String encodedKey, String storeKey, Callable<?> loader,
			CacheInvocation invocation) {
		if (this.refreshing.putIfAbsent(storeKey, Boolean.TRUE) != null) {
			return;
		}
		boolean accepted = this.coordination.refreshInBackground(() -> {
			try {
				Lease lease = claim(key, encodedKey, storeKey, invocation);
				if (lease != null && load(lease, encodedKey, loader, invocation, false)) {
					this.scope.statistics().recordRefresh();
				}
			}
			catch (Exception ex) {
				// logged in load()
			}
			finally {
				this.refreshing.remove(storeKey);
			}
		});
		if (!accepted) {
			this.refreshing.remove(storeKey);
		}
	}

	/**
	 * Loads an entry ahead of demand unless it is present with more than the given fraction of its TTL left.
	 * @param key the user key
	 * @param encodedKey the encoded key
	 * @param storeKey the entry's Redis key
	 * @param loader loads the value
	 * @param refreshBelow the fraction of the TTL below which a present entry is reloaded, e.g. 0.2
	 * @return whether a value was loaded and stored
	 * @throws Exception if the loader fails
	 */
	public boolean warm(Object key, String encodedKey, String storeKey, Callable<?> loader, double refreshBelow)
			throws Exception {
		byte[] bytes;
		try {
			bytes = this.scope.store().get(storeKey);
		}
		catch (CacheUnavailableException ex) {
			return false;
		}
		if (bytes != null && !this.reader.closeToExpiry(bytes, refreshBelow)) {
			return false;
		}
		Lease lease = claim(key, encodedKey, storeKey, CacheInvocation.UNTYPED);
		return lease != null && load(lease, encodedKey, loader, CacheInvocation.UNTYPED, true);
	}

	/** The entry's lease for a reload, or {@code null} when another holds it, Redis is down or a value is pending. */
	private Lease claim(Object key, String encodedKey, String storeKey, CacheInvocation invocation) {
		Lease lease = this.leases.claimRefresh(key, encodedKey, storeKey, invocation, true);
		return (lease != null && lease.canWrite()) ? lease : null;
	}

	private boolean load(Lease lease, String encodedKey, Callable<?> loader, CacheInvocation invocation,
			boolean rethrow) throws Exception {
		Object value;
		try {
			value = LoaderLoads.load(loader, this.scope.statistics(), this.scope.observations());
		}
		catch (Exception | Error ex) {
			this.writer.release(lease.storeKey(), lease.token());
			if (rethrow) {
				throw ex;
			}
			this.scope.statistics().recordRefreshError();
			this.scope.store().guard()
				.log()
				.warn("refresh-" + this.scope.name(), "cachekit could not refresh an entry of cache '" + this.scope.name() + "' (key "
						+ lease.storeKey() + "); the cached value is served until it expires", ex);
			return false;
		}
		return this.writer.complete(lease, encodedKey, value, invocation);
	}

}
