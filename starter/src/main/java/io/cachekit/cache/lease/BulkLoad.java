package io.cachekit.cache.lease;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

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
 * {@code null} where the cache keeps nulls. Entries another caller is loading are then claimed again in rounds,
 * each round loading at once what it won; between rounds this call waits for a landing while holding no lease.
 */
public final class BulkLoad {

	private final LoadCoordination coordination;

	private final CacheScope scope;

	private final EntryReader reader;

	private final EntryWriter writer;

	private final PendingReader pending;

	private final boolean singleFlight;

	/**
	 * Creates the bulk path of one cache.
	 * @param coordination the manager's leases and landings
	 * @param scope the cache's collaborators
	 * @param reader reads entries
	 * @param writer writes entries and makes leases
	 * @param pending values waiting to be persisted by write-behind
	 * @param singleFlight whether missing entries are leased (loaded once across instances)
	 */
	public BulkLoad(LoadCoordination coordination, CacheScope scope, EntryReader reader, EntryWriter writer,
			PendingReader pending, boolean singleFlight) {
		this.coordination = coordination;
		this.scope = scope;
		this.reader = reader;
		this.writer = writer;
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
		Map<Object, Object> values = new LinkedHashMap<>((int) (elements.size() / 0.75f) + 1);
		List<EntryKey> toRead = new ArrayList<>(elements.size());
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
		awaitBusy(claims, values, invocation, loader);
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
				// an unusable entry in the way: claimed over in the next round
				claims.occupied.add(element);
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
		// a value written behind but not yet persisted wins over what the database still holds
		servePending(claims.overwrite, values, invocation);
		servePending(claims.withoutWrite, values, invocation);
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

	/**
	 * Entries other callers were loading: claimed again in rounds, each round loading what it won at once, and
	 * waiting for a landing only while this call holds no lease, so that overlapping bulk calls never wait for
	 * each other. When the wait timeout runs out, what is left is loaded without caching.
	 */
	private void awaitBusy(Claims first, Map<Object, Object> values, CacheInvocation invocation, Loader loader)
			throws Exception {
		long deadline = System.nanoTime() + this.coordination.waitTimeout().toNanos();
		List<EntryKey> busy = first.busy;
		List<EntryKey> occupied = first.occupied;
		boolean waited = false;
		while (!busy.isEmpty() || !occupied.isEmpty()) {
			EntryKey watched = !busy.isEmpty() ? busy.get(0) : occupied.get(0);
			CompletableFuture<Void> landing = this.coordination.expectLanding(watched.storeKey());
			Claims claims = new Claims(first.token);
			for (EntryKey element : busy) {
				claim(element, false, claims, values, invocation);
			}
			for (EntryKey element : occupied) {
				claim(element, true, claims, values, invocation);
			}
			loadClaimed(claims, values, invocation, loader);
			busy = claims.busy;
			occupied = claims.occupied;
			if (busy.isEmpty() && occupied.isEmpty()) {
				this.coordination.forgetLanding(watched.storeKey(), landing);
				return;
			}
			if (!waited) {
				this.scope.statistics().recordLeaseWait();
				waited = true;
			}
			boolean stillWaiting = busy.contains(watched) || occupied.contains(watched);
			if (!stillWaiting) {
				this.coordination.forgetLanding(watched.storeKey(), landing);
			}
			else if (!this.coordination.awaitLanding(watched.storeKey(), landing, deadline)) {
				this.scope.statistics().recordLeaseTimeout();
				Claims rest = new Claims(first.token);
				rest.withoutWrite.addAll(busy);
				rest.withoutWrite.addAll(occupied);
				loadClaimed(rest, values, invocation, loader);
				return;
			}
		}
	}

	private void servePending(List<EntryKey> elements, Map<Object, Object> values, CacheInvocation invocation) {
		elements.removeIf((element) -> {
			PendingReader.Pending value = this.pending.find(element.key(), invocation.type());
			if (value == null) {
				return false;
			}
			found(values, element, value.value());
			return true;
		});
	}

	private Map<Object, Object> load(Loader loader, List<EntryKey> elements) throws Exception {
		List<Object> keys = new ArrayList<>(elements.size());
		for (EntryKey element : elements) {
			keys.add(element.key());
		}
		long start = System.nanoTime();
		// the loader's one call is one observed load
		Map<Object, Object> loaded = this.scope.observations().load(() -> loader.load(keys));
		// one load per element, each with its share of the call's time (early refresh scales with load time)
		long each = (System.nanoTime() - start) / keys.size();
		for (int i = 0; i < keys.size(); i++) {
			this.scope.statistics().recordLoad(each);
		}
		return (loaded != null) ? loaded : Map.of();
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

		private final List<EntryKey> occupied = new ArrayList<>();

		Claims(String token) {
			this.token = token;
		}

	}

}
