package io.cachekit.cache;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

import org.springframework.cache.Cache;
import org.springframework.cache.support.NullValue;
import org.springframework.cache.support.SimpleValueWrapper;

import io.cachekit.cache.access.CacheInvocation;
import io.cachekit.cache.access.CacheObservations;
import io.cachekit.cache.access.CacheScope;
import io.cachekit.cache.access.Entries;
import io.cachekit.cache.access.EntryKey;
import io.cachekit.cache.access.EntryReader;
import io.cachekit.cache.access.EntryWriter;
import io.cachekit.cache.access.Lease;
import io.cachekit.cache.access.PendingReader;
import io.cachekit.cache.access.Read;
import io.cachekit.cache.access.TtlPolicy;
import io.cachekit.cache.guard.CacheUnavailableException;
import io.cachekit.cache.guard.GuardedStore;
import io.cachekit.cache.hot.HotKeySketch;
import io.cachekit.cache.hot.HotKeys;
import io.cachekit.cache.lease.BulkLoad;
import io.cachekit.cache.lease.CallerLoads;
import io.cachekit.cache.lease.LeaseLoop;
import io.cachekit.cache.lease.LeaseSlot;
import io.cachekit.cache.lease.LoadCoordination;
import io.cachekit.cache.lease.LoaderLoads;
import io.cachekit.cache.lease.LocalFlights;
import io.cachekit.cache.lease.Refresher;
import io.cachekit.cache.near.InvalidationBus;
import io.cachekit.cache.near.NearCache;
import io.cachekit.cache.near.NearTier;
import io.cachekit.cache.stats.CacheStatistics;
import io.cachekit.cache.store.CacheStore;

/**
 * A Spring {@link Cache} over Redis: one key per entry with a jittered millisecond TTL, JSON values read
 * into the declared type, O(1) invalidation of the whole cache (generations) and of tags (versions), and
 * fail-open behaviour: lookups that cannot reach Redis are misses, writes and evictions never throw.
 * <p>
 * Stampedes: a missing entry is loaded once across all instances (a lease per key in Redis; the others
 * wait for the landing, bounded by the wait timeout), and a load whose entry was evicted or overwritten
 * meanwhile is not written (no stale set). Optionally entries are refreshed early (XFetch) and served
 * stale for a while after expiry while one caller refreshes them. Background refreshes need the loader,
 * so they happen for {@code @Cacheable(sync = true)} and {@link #get(Object, Callable)}; with
 * {@code sync = false} the one caller that wins the lease gets a miss and reloads.
 * <p>
 * Optionally a {@link NearCache} holds deserialized values in process; puts and evictions (not loads)
 * are announced to other instances over the {@link InvalidationBus}.
 * <p>
 * The work is done by collaborators with one job each: {@link EntryReader} (read, decode, freshness),
 * {@link EntryWriter} (TTL policy, encode and store, evict), {@link LeaseLoop} (one load across instances,
 * with {@link CallerLoads} and {@link LoaderLoads} as its two strategies), {@link Refresher} (background
 * refresh and warming), {@link NearTier} and {@link PendingReader}; the {@link GuardedStore} applies the
 * circuit breaker and counts failures around every Redis call. What is left here (about 450 lines) is Spring's
 * {@code Cache} contract, the wiring of those collaborators and the two lookup paths (annotated calls and plain
 * API calls) choosing between them.
 * <p>
 * Used through Spring's annotations, each call goes through a view made by {@link #bind(CacheInvocation)}
 * that knows the method's return type, {@link CacheTtl} and {@link CacheTags}. Used directly,
 * {@link #get(Object)} reads untyped JSON and {@link #get(Object, Class)} reads the given class.
 */
public class CachekitCache implements Cache {

	private final String name;

	private final String segment;

	private final String entryPrefix;

	private final CacheSpec spec;

	private final CacheRuntime runtime;

	private final CacheStatistics statistics = new CacheStatistics();

	private final CacheObservations observations;

	private final LocalFlights flights;

	private final NearTier near;

	private final HotKeys hotKeys;

	private final EntryReader reader;

	private final EntryWriter writer;

	private final PendingReader pending;

	private final LeaseLoop leases;

	private final Refresher refresher;

	private final BulkLoad bulk;

	/**
	 * Creates a cache.
	 * @param name the cache name
	 * @param spec its settings
	 * @param runtime the shared collaborators
	 */
	public CachekitCache(String name, CacheSpec spec, CacheRuntime runtime) {
		this.name = name;
		this.segment = runtime.keys().encoder().encodeName(name);
		this.entryPrefix = runtime.keys().entryPrefix(this.segment);
		this.spec = spec;
		this.runtime = runtime;
		this.observations = new CacheObservations(name, runtime.observations());
		this.flights = new LocalFlights(this.observations);
		NearTier near = nearTier(name, spec, runtime, this.segment);
		this.hotKeys = hotKeys(spec, runtime, near);
		this.near = spec.nearCachePromotion() ? NearTier.promoting(near, this.hotKeys) : near;
		GuardedStore store = new GuardedStore(runtime.store(), runtime.guard(), this.statistics::recordError);
		CacheScope scope = new CacheScope(name, this.segment, store, new Entries(runtime.codec(), runtime.mapper()),
				runtime.metadata(), runtime.invalidator(), runtime.clock(), this.statistics, this.observations,
				this.near);
		LoadCoordination coordination = runtime.coordination();
		this.reader = new EntryReader(scope, spec.staleTtl() != null, spec.earlyRefreshBeta());
		this.writer = new EntryWriter(scope, writePolicy(spec), coordination.landingChannel());
		this.pending = (runtime.pending() != null) ? new PendingReader(scope, runtime.pending()) : PendingReader.NONE;
		this.leases = new LeaseLoop(coordination, scope, this.reader, this.writer, this.pending);
		this.refresher = new Refresher(coordination, scope, this.reader, this.writer, this.leases);
		this.bulk = new BulkLoad(coordination, scope, this.reader, this.writer, this.pending, spec.singleFlight());
	}

	private static NearTier nearTier(String name, CacheSpec spec, CacheRuntime runtime, String segment) {
		if (!spec.nearCacheEnabled()) {
			return NearTier.NONE;
		}
		if (runtime.nearCaches() == null || runtime.bus() == null) {
			throw new IllegalStateException("Cache '" + name + "' has a near cache but the manager has no "
					+ "invalidation bus; build the manager with nearCacheBus(...)");
		}
		InvalidationBus bus = runtime.bus();
		NearCache near = runtime.nearCaches()
			.register(new NearCache(segment, spec.nearCacheMaximumSize(), spec.nearCacheTtl(), bus::isHealthy));
		return NearTier.of(near, bus, runtime.metadata()::tagVersions, runtime.metadata()::heldTagVersions);
	}

	private static HotKeys hotKeys(CacheSpec spec, CacheRuntime runtime, NearTier near) {
		if (spec.nearCachePromotion() && near.cache() != null) {
			NearCache nearCache = near.cache();
			return new HotKeySketch((int) Math.min(Integer.MAX_VALUE / 8, spec.nearCacheMaximumSize()),
					nearCache::demote);
		}
		return (runtime.hotKeysTracked() > 0) ? new HotKeySketch(runtime.hotKeysTracked(), (key) -> {
		}) : HotKeys.NONE;
	}

	private static EntryWriter.WritePolicy writePolicy(CacheSpec spec) {
		return new EntryWriter.WritePolicy(new TtlPolicy(spec.ttl(), spec.noExpiry(), spec.nullTtl(), spec.jitter()),
				spec.cacheNulls(), spec.staleTtl(), spec.compressionThreshold(), spec.singleFlight(),
				spec.nearCacheTtl());
	}

	@Override
	public String getName() {
		return this.name;
	}

	/**
	 * The storage tier.
	 * @return the store
	 */
	@Override
	public CacheStore getNativeCache() {
		return this.runtime.store();
	}

	/**
	 * This cache's settings.
	 * @return the spec
	 */
	public CacheSpec getSpec() {
		return this.spec;
	}

	/**
	 * The most read keys of this cache on this instance.
	 * @return the detector, {@link HotKeys#NONE} when detection is off
	 */
	public HotKeys getHotKeys() {
		return this.hotKeys;
	}

	/**
	 * This cache's counters.
	 * @return the statistics
	 */
	public CacheStatistics getStatistics() {
		return this.statistics;
	}

	/**
	 * The in-process tier.
	 * @return the near cache, or {@code null} if this cache has none
	 */
	public NearCache getNearCache() {
		return this.near.cache();
	}

	/**
	 * The generation this instance reads and writes the cache in: its local view, refreshed by invalidation
	 * events and at least once per metadata refresh interval.
	 * @return the generation token
	 * @throws CacheUnavailableException if it is unknown and Redis cannot answer
	 */
	public long getGeneration() {
		return this.runtime.metadata().generation(this.segment);
	}

	/**
	 * The encoded name used in Redis keys.
	 * @return the segment
	 */
	public String getKeySegment() {
		return this.segment;
	}

	/**
	 * A view of this cache for one method call.
	 * @param invocation the call's type, TTL and tags
	 * @return the view
	 */
	public Cache bind(CacheInvocation invocation) {
		return new InvocationBoundCache(this, invocation, null);
	}

	/**
	 * A view of this cache for one call of a method returning {@code CompletableFuture}, {@code Mono} or
	 * {@code Flux}: like {@link #bind(CacheInvocation)}, and its puts and evictions, which Spring makes on the
	 * thread that completed the method's result (often an event loop), run on cachekit's async threads.
	 * @param invocation the call's type, TTL and tags
	 * @return the view
	 */
	public Cache bindAsync(CacheInvocation invocation) {
		return new InvocationBoundCache(this, invocation, this.runtime.async());
	}

	/**
	 * The Redis key of an entry. It does not depend on the generation, which the entry itself carries.
	 * @param key the user key
	 * @return the Redis key
	 */
	public String storeKey(Object key) {
		return storeKeyOf(encode(key));
	}

	private String storeKeyOf(String encodedKey) {
		return this.entryPrefix.concat(encodedKey);
	}

	/**
	 * The encoded form of a key, as it appears at the end of the entry's Redis key.
	 * @param key the user key
	 * @return the encoded key
	 */
	public String encodeKey(Object key) {
		return encode(key);
	}

	private String encode(Object key) {
		return this.runtime.keys().encoder().encodeKey(key);
	}

	@Override
	public ValueWrapper get(Object key) {
		return lookup(key, CacheInvocation.UNTYPED, null);
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> T get(Object key, Class<T> type) {
		CacheInvocation invocation = (type != null && type != Object.class)
				? new CacheInvocation(this.runtime.mapper().type(type), null, CacheInvocation.UNTYPED.tags())
				: CacheInvocation.UNTYPED;
		ValueWrapper wrapper = lookup(key, invocation, null);
		Object value = (wrapper != null) ? wrapper.get() : null;
		if (value != null && type != null && !type.isInstance(value)) {
			throw new IllegalStateException("Cached value is not of required type [" + type.getName() + "]: " + value);
		}
		return (T) value;
	}

	@Override
	public <T> T get(Object key, Callable<T> valueLoader) {
		return getOrLoad(key, valueLoader, CacheInvocation.UNTYPED);
	}

	/**
	 * Looks an entry up without blocking the caller: a near-cache hit that needs no Redis call (no tags, or tag
	 * versions held and current) answers at once; anything else, the check of a near copy's tags included, runs on
	 * cachekit's async threads ({@code cachekit.cache.async-threads}).
	 * @param key the user key
	 * @return a future of the entry's {@link ValueWrapper}, or of {@code null} for a miss
	 */
	@Override
	public CompletableFuture<?> retrieve(Object key) {
		return retrieve(key, CacheInvocation.UNTYPED, null);
	}

	/**
	 * Returns the entry, or loads it once across all instances with the asynchronous loader, without blocking
	 * the caller: the synchronous load path (leases, no stale set, refreshes) runs on cachekit's async threads.
	 * @param key the user key
	 * @param valueLoader starts the load on a miss
	 * @param <T> the value type
	 * @return a future of the value; failed with the loader's exception if the load failed
	 */
	@Override
	public <T> CompletableFuture<T> retrieve(Object key, Supplier<CompletableFuture<T>> valueLoader) {
		return retrieveOrLoad(key, valueLoader, CacheInvocation.UNTYPED);
	}

	CompletableFuture<?> retrieve(Object key, CacheInvocation invocation, LeaseSlot slot) {
		ValueWrapper nearHit = heldNearHit(key, invocation);
		if (nearHit != null) {
			return CompletableFuture.completedFuture(nearHit);
		}
		return this.runtime.async().supply(() -> lookup(key, invocation, slot));
	}

	@SuppressWarnings("unchecked")
	<T> CompletableFuture<T> retrieveOrLoad(Object key, Supplier<CompletableFuture<T>> loader,
			CacheInvocation invocation) {
		ValueWrapper nearHit = heldNearHit(key, invocation);
		if (nearHit != null) {
			return CompletableFuture.completedFuture((T) nearHit.get());
		}
		return this.runtime.async().supply(() -> {
			try {
				return getOrLoad(key,
						() -> AsyncLookups.await(loader.get(), this.runtime.coordination().leaseTime()), invocation);
			}
			catch (ValueRetrievalException ex) {
				// the caller's future fails with the loader's own exception, as Spring's caches do
				throw new CompletionException(ex.getCause());
			}
		});
	}

	@Override
	public void put(Object key, Object value) {
		write(key, value, CacheInvocation.UNTYPED, null);
	}

	@Override
	public ValueWrapper putIfAbsent(Object key, Object value) {
		return writeIfAbsent(key, value, CacheInvocation.UNTYPED);
	}

	@Override
	public void evict(Object key) {
		evictIfPresent(key);
	}

	@Override
	public boolean evictIfPresent(Object key) {
		String encodedKey = encode(key);
		boolean evicted = this.writer.evict(encodedKey, storeKeyOf(encodedKey));
		this.runtime.writes().written(this, key);
		return evicted;
	}

	/**
	 * Completes an eviction whose Redis part another script made in the same slot (a write-behind save drops the
	 * cached copy and revokes its load lease along with its pin): counts the eviction and drops the in-process
	 * copies, here and on other instances.
	 * @param key the user key
	 */
	public void evictedInRedis(Object key) {
		String encodedKey = encode(key);
		this.statistics.recordEviction();
		this.near.drop(encodedKey);
		this.runtime.writes().written(this, key);
	}

	/**
	 * Drops the in-process copies of one entry, here and, over the invalidation bus, on other instances:
	 * for changes made to Redis behind the cache's back, e.g. a new TTL. Does nothing without a near cache.
	 * @param key the user key
	 */
	public void dropNearCopies(Object key) {
		this.near.drop(encode(key));
	}

	/**
	 * Drops every in-process copy of this cache's entries, here and on other instances. Does nothing
	 * without a near cache.
	 */
	public void dropNearCopies() {
		this.near.dropAll();
	}

	/**
	 * Invalidates every entry in O(1) by moving the cache to a new generation.
	 */
	@Override
	public void clear() {
		this.statistics.recordEviction();
		try {
			this.runtime.invalidator().clear(this.segment);
		}
		finally {
			this.near.dropAll();
		}
	}

	@Override
	public boolean invalidate() {
		clear();
		return true;
	}

	/**
	 * A lookup. With a lease slot (Spring's non-{@code sync} path, one slot per call) a miss, or a refresh
	 * this caller must do, claims the entry's lease into the slot and answers {@code null}; Spring then runs
	 * the method and calls {@link #write} with the same slot. Without a slot (plain {@code Cache.get}) a
	 * miss is just a miss.
	 */
	ValueWrapper lookup(Object key, CacheInvocation invocation, LeaseSlot slot) {
		ValueWrapper nearHit = nearHit(key, invocation);
		return (nearHit != null) ? nearHit : lookupBehindNear(key, invocation, slot);
	}

	private ValueWrapper lookupBehindNear(Object key, CacheInvocation invocation, LeaseSlot slot) {
		String encodedKey = encode(key);
		String storeKey = storeKeyOf(encodedKey);
		Read read = this.reader.read(key, encodedKey, storeKey, invocation.type());
		switch (read.freshness()) {
			case FRESH:
				return read.wrapper();
			case UNAVAILABLE:
				if (slot != null && this.spec.singleFlight()) {
					// load without caching: without a lease the value could overwrite a newer one
					slot.hold(encodedKey, Lease.withoutWrite(key, null, 0));
				}
				return null;
			case EARLY:
			case STALE:
				Lease refresh = (slot != null)
						? this.leases.claimRefresh(key, encodedKey, storeKey, invocation, false) : null;
				if (refresh != null) {
					slot.hold(encodedKey, refresh);
					return null;
				}
				if (read.freshness() == Read.Freshness.STALE) {
					this.statistics.recordStaleServed();
				}
				return read.wrapper();
			default:
				if (slot != null && this.spec.singleFlight()) {
					return unchecked(() -> this.leases.run(key, encodedKey, storeKey, invocation,
							read.freshness() == Read.Freshness.INVALID, new CallerLoads(slot, encodedKey)));
				}
				PendingReader.Pending value = this.pending.find(key, invocation.type());
				return (value != null) ? new SimpleValueWrapper(value.value()) : null;
		}
	}

	@SuppressWarnings("unchecked")
	<T> T getOrLoad(Object key, Callable<T> loader, CacheInvocation invocation) {
		ValueWrapper nearHit = nearHit(key, invocation);
		return (nearHit != null) ? (T) nearHit.get() : getOrLoadBehindNear(key, loader, invocation);
	}

	@SuppressWarnings("unchecked")
	private <T> T getOrLoadBehindNear(Object key, Callable<T> loader, CacheInvocation invocation) {
		String encodedKey = encode(key);
		String storeKey = storeKeyOf(encodedKey);
		Read read = this.reader.read(key, encodedKey, storeKey, invocation.type());
		switch (read.freshness()) {
			case FRESH:
				return (T) read.wrapper().get();
			case STALE:
				this.statistics.recordStaleServed();
				this.refresher.refreshInBackground(key, encodedKey, storeKey, loader, invocation);
				return (T) read.wrapper().get();
			case EARLY:
				this.refresher.refreshInBackground(key, encodedKey, storeKey, loader, invocation);
				return (T) read.wrapper().get();
			default:
				break;
		}
		try {
			return (T) this.flights.join(storeKey, () -> (read.freshness() != Read.Freshness.UNAVAILABLE
					&& this.spec.singleFlight())
							? this.leases.run(key, encodedKey, storeKey, invocation,
									read.freshness() == Read.Freshness.INVALID,
									new LoaderLoads(loader, this.writer, encodedKey, invocation, this.statistics,
											this.observations))
							: loadAndPut(key, encodedKey, storeKey, loader, invocation));
		}
		catch (Throwable ex) {
			throw new ValueRetrievalException(key, loader, ex);
		}
	}

	private Object loadAndPut(Object key, String encodedKey, String storeKey, Callable<?> loader,
			CacheInvocation invocation) throws Exception {
		PendingReader.Pending value = this.pending.find(key, invocation.type());
		if (value != null) {
			return value.value();
		}
		Object loaded = LoaderLoads.load(loader, this.statistics, this.observations);
		this.writer.put(encodedKey, storeKey, loaded, invocation);
		return loaded;
	}

	/**
	 * Gets many entries at once, each under its own key, loading the missing ones with one call of the loader:
	 * what {@link CacheableEach} methods run on. Near-cache hits first, then one multi-key read, then a lease
	 * per missing entry (each is loaded once across instances), then one load of the leased and unreadable
	 * ones, each written as its own entry with its own TTL and jitter; keys the loader leaves out are cached
	 * as {@code null} where this cache keeps nulls.
	 * @param keys the user keys; duplicates are looked up once
	 * @param loader loads the values of the keys it is given
	 * @param invocation the type to read values as and the TTL to write them with
	 * @return the values by key, in the order of the keys; keys without a value are left out
	 * @throws Exception if the loader fails
	 */
	public Map<Object, Object> getAll(Collection<?> keys, BulkLoad.Loader loader, CacheInvocation invocation)
			throws Exception {
		Set<Object> seen = new HashSet<>((int) (keys.size() / 0.75f) + 1);
		List<Object> distinct = new ArrayList<>(keys.size());
		List<EntryKey> entries = new ArrayList<>(keys.size());
		for (Object key : keys) {
			if (key == null) {
				throw new IllegalArgumentException("Cache '" + this.name + "' cannot look up a null key");
			}
			if (seen.add(key)) {
				distinct.add(key);
				String encodedKey = encode(key);
				entries.add(new EntryKey(key, encodedKey, storeKeyOf(encodedKey)));
			}
		}
		countReads(distinct);
		return this.bulk.get(entries, invocation, loader);
	}

	/**
	 * Reads an entry straight from Redis, bypassing the near cache and the hit and miss statistics, e.g. to
	 * check it against the source of truth (a failed call counts as an error of the cache, like any other).
	 * @param key the user key
	 * @param type the type to read the value as
	 * @return the value, {@code null} if no current entry exists
	 * @throws CacheUnavailableException if Redis cannot answer
	 */
	public ValueWrapper peek(Object key, Class<?> type) {
		return this.reader.peek(storeKey(key), this.runtime.mapper().type(type));
	}

	/**
	 * Loads an entry ahead of demand (cache warming) unless it is present with more than the given fraction
	 * of its TTL left. The load holds the entry's lease, so it never races other loads or evictions.
	 * @param key the user key
	 * @param loader loads the value
	 * @param refreshBelow the fraction of the TTL below which a present entry is reloaded, e.g. 0.2
	 * @return whether a value was loaded and stored
	 */
	public boolean warm(Object key, Callable<?> loader, double refreshBelow) {
		String encodedKey = encode(key);
		try {
			return this.refresher.warm(key, encodedKey, storeKeyOf(encodedKey), loader, refreshBelow);
		}
		catch (Exception ex) {
			throw new ValueRetrievalException(key, loader, ex);
		}
	}

	void write(Object key, Object value, CacheInvocation invocation, LeaseSlot slot) {
		value = withoutNullMarker(value);
		String encodedKey = encode(key);
		Lease lease = (slot != null) ? slot.take(encodedKey) : null;
		if (lease != null) {
			this.writer.complete(lease, encodedKey, value, invocation);
		}
		else {
			this.writer.put(encodedKey, storeKeyOf(encodedKey), value, invocation);
		}
		this.runtime.writes().written(this, key);
	}

	/**
	 * Spring's {@link NullValue} marker, which callers of the {@code Cache} contract may put, is {@code null} here:
	 * stored as cachekit stores {@code null} (or not, per the cache's setting) and read back as {@code null},
	 * never as the marker's JSON.
	 */
	private static Object withoutNullMarker(Object value) {
		return (value instanceof NullValue) ? null : value;
	}

	ValueWrapper writeIfAbsent(Object key, Object value, CacheInvocation invocation) {
		value = withoutNullMarker(value);
		LeaseSlot slot = new LeaseSlot();
		ValueWrapper existing = lookup(key, invocation, slot);
		if (existing != null) {
			return existing;
		}
		String encodedKey = encode(key);
		Lease lease = slot.take(encodedKey);
		if (lease != null && lease.canWrite()) {
			// the lookup claimed the entry's lease: complete the load with this value, waking any waiters
			return this.writer.complete(lease, encodedKey, value, invocation) ? null : lookup(key, invocation, null);
		}
		EntryWriter.Outcome outcome = this.writer.putIfAbsent(encodedKey, storeKeyOf(encodedKey), value, invocation);
		return (outcome == EntryWriter.Outcome.REJECTED) ? lookup(key, invocation, null) : null;
	}

	/** Answers a read from the near cache if it can, and counts it for hot-key detection. */
	private ValueWrapper nearHit(Object key, CacheInvocation invocation) {
		ValueWrapper hit = this.near.hit(key, invocation.type());
		if (hit != null) {
			this.statistics.recordNearHit();
		}
		countRead(key, hit != null);
		return hit;
	}

	/**
	 * Answers a read from the near cache if it can without any I/O, for a caller that must not block. A miss is
	 * not counted: the caller hands the whole lookup, {@link #nearHit} included, to a thread that may block.
	 */
	private ValueWrapper heldNearHit(Object key, CacheInvocation invocation) {
		ValueWrapper hit = this.near.heldHit(key, invocation.type());
		if (hit != null) {
			this.statistics.recordNearHit();
			countRead(key, true);
		}
		return hit;
	}

	/** Counts a read for hot-key detection, which must never fail the read. */
	private void countRead(Object key, boolean nearHit) {
		try {
			if (nearHit) {
				this.hotKeys.recordNearHit(key);
			}
			else {
				this.hotKeys.record(key);
			}
		}
		catch (RuntimeException ex) {
			this.runtime.guard().log().warn("hot-keys-" + this.name, "Hot-key detection of cache '" + this.name
					+ "' failed; the read was served", ex);
		}
	}

	/** Counts the reads of a bulk lookup for hot-key detection (sampled), which must never fail the lookup. */
	private void countReads(List<Object> keys) {
		try {
			this.hotKeys.recordAll(keys);
		}
		catch (RuntimeException ex) {
			this.runtime.guard().log().warn("hot-keys-" + this.name, "Hot-key detection of cache '" + this.name
					+ "' failed; the read was served", ex);
		}
	}

	/** Runs a lease loop whose strategy cannot throw (the caller, not the loop, loads). */
	private static ValueWrapper unchecked(Callable<ValueWrapper> loop) {
		try {
			return loop.call();
		}
		catch (RuntimeException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
