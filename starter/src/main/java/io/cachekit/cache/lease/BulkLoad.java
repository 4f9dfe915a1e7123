package io.cachekit.cache.lease;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.cache.Cache.ValueWrapper;

import io.cachekit.cache.access.CacheInvocation;
import io.cachekit.cache.access.CacheScope;
import io.cachekit.cache.access.EntryKey;
import io.cachekit.cache.access.EntryReader;
import io.cachekit.cache.access.EntryWriter;
import io.cachekit.cache.access.Lease;
import io.cachekit.cache.access.PendingReader;
import io.cachekit.cache.access.Read;
import io.cachekit.cache.guard.CacheUnavailableException;
import io.cachekit.cache.store.LeaseStore.LoadClaim;

/**
 * Looks many entries of one cache up at once and loads the missing ones with one call: the near cache first,
 * then one multi-key read for the rest ({@code MGET}, one per slot on a cluster), then a lease per missing
 * entry claimed without waiting, so that concurrent bulk calls that overlap never wait for each other while
 * holding leases. The loader runs once with the entries this call leased (and those it must load without
 * caching); each loaded value is written as its own entry with its own TTL and jitter, absent ones as
 * {@code null} where the cache keeps nulls. Entries another caller is loading are then awaited one by one
 * through the usual {@link LeaseLoop}; any that still need a load go to the loader in a second call.
 */
public final class BulkLoad {

	private final LoadCoordination coordination;

	private final CacheScope scope;

	private final EntryReader reader;

	private final EntryWriter writer;

	private final LeaseLoop leases;

	private final PendingReader pending;

	private final boolean singleFlight;

	/**
	 * Creates the bulk path of one cache.
	 * @param coordination the manager's leases and landings
	 * @param scope the cache's collaborators
	 * @param reader reads entries
	 * @param writer writes entries and makes leases
	 * @param leases the per-entry loop, for entries another caller is loading
	 * @param pending values waiting to be persisted by write-behind
	 * @param singleFlight whether missing entries are leased (loaded once across instances)
	 */
	public BulkLoad(LoadCoordination coordination, CacheScope scope, EntryReader reader, EntryWriter writer,
			LeaseLoop leases, PendingReader pending, boolean singleFlight) {
		this.coordination = coordination;
		this.scope = scope;
		this.reader = reader;
		this.writer = writer;
		this.leases = leases;
		this.pending = pending;
		this.singleFlight = singleFlight;
	}

	/**
	 * Gets the values of many keys.
	 * @param elements the distinct keys to look up
	 * @param invocation the call's type and TTL
	 * @param loader loads the values of the keys it is given; a key absent from its answer has no value
	 * @return the values found or loaded, by user key, in the order of the elements; keys without a value
	 * (absent, or cached as absent) are left out
	 * @throws Exception if the loader fails; the leases this call holds are released first
	 */
	public Map<Object, Object> get(List<EntryKey> elements, CacheInvocation invocation, Loader loader)
			throws Exception {
		Map<Object, Object> values = new LinkedHashMap<>();
		List<EntryKey> toRead = new ArrayList<>();
		for (EntryKey element : elements) {
			ValueWrapper near = this.scope.near().hit(element.key(), invocation.type());
			if (near != null) {
				this.scope.statistics().recordNearHit();
				found(values, element, near.get());
			}
			else {
				toRead.add(element);
			}
		}
		Claims claims = new Claims(this.coordination.newToken());
		List<Read> reads = this.reader.readAll(toRead, invocation.type());
		for (int i = 0; i < toRead.size(); i++) {
			EntryKey element = toRead.get(i);
			Read read = reads.get(i);
			switch (read.freshness()) {
				case FRESH, EARLY -> found(values, element, read.wrapper().get());
				case STALE -> {
					this.scope.statistics().recordStaleServed();
					found(values, element, read.wrapper().get());
				}
				case UNAVAILABLE -> claims.withoutWrite.add(element);
				default -> {
					if (this.singleFlight) {
						claim(element, read.freshness() == Read.Freshness.INVALID, claims, values, invocation);
					}
					else {
						claims.overwrite.add(element);
					}
				}
			}
		}
		loadClaimed(claims, values, invocation, loader);
		awaitBusy(claims.busy, values, invocation, loader);
		return values;
	}

	private void claim(EntryKey element, boolean present, Claims claims, Map<Object, Object> values,
			CacheInvocation invocation) {
		long stamp = this.scope.near().stamp(element.encodedKey());
		LoadClaim claim;
		try {
			claim = present ? (this.scope.store().claimRefresh(element.storeKey(), claims.token,
					this.coordination.leaseTime()) ? LoadClaim.LEASED : LoadClaim.BUSY)
					: this.scope.store().claimLoad(element.storeKey(), claims.token, this.coordination.leaseTime());
		}
		catch (CacheUnavailableException ex) {
			claims.withoutWrite.add(element);
			return;
		}
		if (claim.value() != null) {
			Read found = this.reader.decode(element.key(), element.encodedKey(), element.storeKey(), claim.value(),
					invocation.type(), stamp);
			if (found.servable()) {
				found(values, element, found.wrapper().get());
			}
			else {
				// an unusable entry in the way: the per-entry loop claims over it
				claims.busy.add(element);
			}
			return;
		}
		if (!claim.leased()) {
			claims.busy.add(element);
			return;
		}
		PendingReader.Pending value = this.pending.find(element.key(), invocation.type());
		if (value != null) {
			this.writer.release(element.storeKey(), claims.token);
			found(values, element, value.value());
			return;
		}
		claims.leased.put(element, this.writer.lease(element.key(), element.storeKey(), claims.token, stamp,
				invocation));
	}

	private void loadClaimed(Claims claims, Map<Object, Object> values, CacheInvocation invocation, Loader loader)
			throws Exception {
		List<EntryKey> toLoad = new ArrayList<>(claims.leased.keySet());
		toLoad.addAll(claims.overwrite);
		toLoad.addAll(claims.withoutWrite);
		if (toLoad.isEmpty()) {
			return;
		}
		Map<Object, Object> loaded;
		try {
			loaded = load(loader, toLoad);
		}
		catch (Exception | Error ex) {
			claims.leased.forEach((element, lease) -> this.writer.release(element.storeKey(), lease.token()));
			throw ex;
		}
		claims.leased.forEach((element, lease) -> {
			Object value = loaded.get(element.key());
			this.writer.complete(lease, element.encodedKey(), value, invocation);
			found(values, element, value);
		});
		for (EntryKey element : claims.overwrite) {
			Object value = loaded.get(element.key());
			this.writer.put(element.encodedKey(), element.storeKey(), value, invocation);
			found(values, element, value);
		}
		for (EntryKey element : claims.withoutWrite) {
			found(values, element, loaded.get(element.key()));
		}
	}

	private void awaitBusy(List<EntryKey> busy, Map<Object, Object> values, CacheInvocation invocation,
			Loader loader) throws Exception {
		Map<EntryKey, LeaseSlot> unresolved = new LinkedHashMap<>();
		for (EntryKey element : busy) {
			LeaseSlot slot = new LeaseSlot();
			ValueWrapper found = this.leases.run(element.key(), element.encodedKey(), element.storeKey(), invocation,
					false, new CallerLoads(slot, element.encodedKey()));
			if (found != null) {
				found(values, element, found.get());
			}
			else {
				unresolved.put(element, slot);
			}
		}
		if (unresolved.isEmpty()) {
			return;
		}
		Map<Object, Object> loaded;
		try {
			loaded = load(loader, new ArrayList<>(unresolved.keySet()));
		}
		catch (Exception | Error ex) {
			unresolved.forEach((element, slot) -> {
				Lease lease = slot.take(element.encodedKey());
				if (lease != null && lease.canWrite()) {
					this.writer.release(element.storeKey(), lease.token());
				}
			});
			throw ex;
		}
		unresolved.forEach((element, slot) -> {
			Object value = loaded.get(element.key());
			Lease lease = slot.take(element.encodedKey());
			if (lease != null) {
				this.writer.complete(lease, element.encodedKey(), value, invocation);
			}
			found(values, element, value);
		});
	}

	private Map<Object, Object> load(Loader loader, List<EntryKey> elements) throws Exception {
		List<Object> keys = new ArrayList<>(elements.size());
		for (EntryKey element : elements) {
			keys.add(element.key());
		}
		Map<?, ?> loaded = (Map<?, ?>) LoaderLoads.load(() -> loader.load(keys), this.scope.statistics());
		return (loaded != null) ? new LinkedHashMap<>(loaded) : Map.of();
	}

	private static void found(Map<Object, Object> values, EntryKey element, Object value) {
		if (value != null) {
			values.put(element.key(), value);
		}
	}

	/**
	 * Loads the values of several keys at once.
	 */
	@FunctionalInterface
	public interface Loader {

		/**
		 * Loads values.
		 * @param keys the keys to load, each once
		 * @return the values by key; a key left out has no value
		 * @throws Exception if the load fails
		 */
		Map<Object, Object> load(List<Object> keys) throws Exception;

	}

	/** What the claims of one call gave. */
	private static final class Claims {

		private final String token;

		private final Map<EntryKey, Lease> leased = new LinkedHashMap<>();

		private final List<EntryKey> overwrite = new ArrayList<>();

		private final List<EntryKey> withoutWrite = new ArrayList<>();

		private final List<EntryKey> busy = new ArrayList<>();

		Claims(String token) {
			this.token = token;
		}

	}

}
