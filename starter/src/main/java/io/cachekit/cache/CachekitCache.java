package io.cachekit.cache;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import tools.jackson.databind.JavaType;

import org.springframework.cache.Cache;
import org.springframework.cache.support.SimpleValueWrapper;

import io.cachekit.cache.near.InvalidationBus;
import io.cachekit.cache.near.NearCache;
import io.cachekit.cache.store.CacheStore;
import io.cachekit.cache.store.CacheStore.LoadClaim;

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
 * Used through Spring's annotations, each call goes through a view made by {@link #bind(CacheInvocation)}
 * that knows the method's return type, {@link CacheTtl} and {@link CacheTags}. Used directly,
 * {@link #get(Object)} reads untyped JSON and {@link #get(Object, Class)} reads the given class.
 */
public class CachekitCache implements Cache {

	private static final long DEFAULT_LOAD_NANOS = 100_000_000L;

	private static final String[] NO_TAGS = new String[0];

	private static final long[] NO_VERSIONS = new long[0];

	private final String name;

	private final String segment;

	private final CacheSpec spec;

	private final CacheRuntime runtime;

	private final CacheStatistics statistics = new CacheStatistics();

	private final ConcurrentHashMap<String, CompletableFuture<Object>> loads = new ConcurrentHashMap<>();

	private final ConcurrentHashMap<String, Boolean> refreshing = new ConcurrentHashMap<>();

	private final NearCache near;

	private final InvalidationBus bus;

	private final String entryPrefix;

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
		if (spec.nearCacheEnabled()) {
			if (runtime.nearCaches() == null || runtime.bus() == null) {
				throw new IllegalStateException("Cache '" + name + "' has a near cache but the manager has no "
						+ "invalidation bus; build the manager with nearCacheBus(...)");
			}
			InvalidationBus bus = runtime.bus();
			this.near = runtime.nearCaches()
				.register(new NearCache(this.segment, spec.nearCacheMaximumSize(), spec.nearCacheTtl(), bus::isHealthy));
			this.bus = bus;
		}
		else {
			this.near = null;
			this.bus = null;
		}
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
		return this.near;
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
		return new InvocationBoundCache(this, invocation);
	}

	/**
	 * The Redis key of an entry. It does not depend on the generation, which the entry itself carries.
	 * @param key the user key
	 * @return the Redis key
	 */
	public String storeKey(Object key) {
		return storeKeyOf(this.runtime.keys().encoder().encodeKey(key));
	}

	private String storeKeyOf(String encodedKey) {
		return this.entryPrefix.concat(encodedKey);
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
		return evictEncoded(this.runtime.keys().encoder().encodeKey(key));
	}

	private boolean evictEncoded(String encodedKey) {
		String storeKey = storeKeyOf(encodedKey);
		this.statistics.recordEviction();
		try {
			return this.runtime.invalidator().evictKey(this.segment, storeKey);
		}
		finally {
			// after Redis: an instance that drops its copy and reads again must not find the old value
			dropNearCopy(encodedKey);
		}
	}

	private void dropNearCopy(String encodedKey) {
		if (this.near != null) {
			this.near.invalidate(encodedKey);
			this.bus.publishInvalidation(this.segment, encodedKey);
		}
	}

	/**
	 * Drops the in-process copies of one entry, here and, over the invalidation bus, on other instances:
	 * for changes made to Redis behind the cache's back, e.g. a new TTL. Does nothing without a near cache.
	 * @param key the user key
	 */
	public void dropNearCopies(Object key) {
		dropNearCopy(this.runtime.keys().encoder().encodeKey(key));
	}

	/**
	 * Drops every in-process copy of this cache's entries, here and on other instances. Does nothing
	 * without a near cache.
	 */
	public void dropNearCopies() {
		if (this.near != null) {
			this.near.clear();
			this.bus.publishClear(this.segment);
		}
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
			dropNearCopies();
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
		Object nearHit = nearHit(key, invocation);
		if (nearHit != null) {
			return (ValueWrapper) nearHit;
		}
		String encodedKey = this.runtime.keys().encoder().encodeKey(key);
		Read read = read(key, encodedKey, invocation);
		switch (read.state) {
			case FRESH:
				return read.wrapper;
			case UNAVAILABLE:
				if (slot != null && this.spec.singleFlight()) {
					// load without caching: without a lease the value could overwrite a newer one
					slot.hold(encodedKey, new Lease(key, null, null, 0, null));
				}
				return null;
			case EARLY:
			case STALE:
				if (slot != null && claimRefreshForCaller(key, encodedKey, read.storeKey, invocation, slot)) {
					return null;
				}
				if (read.state == State.STALE) {
					this.statistics.recordStaleServed();
				}
				return read.wrapper;
			default:
				if (slot != null && this.spec.singleFlight()) {
					return awaitOrClaimForCaller(key, encodedKey, read.storeKey, invocation,
							read.state == State.INVALID, slot);
				}
				Pending pending = pending(key, invocation);
				return (pending != null) ? new SimpleValueWrapper(pending.value()) : null;
		}
	}

	private boolean claimRefreshForCaller(Object key, String encodedKey, String storeKey, CacheInvocation invocation,
			LeaseSlot slot) {
		String token = this.runtime.coordination().newToken();
		long stamp = nearStamp(encodedKey);
		if (claimRefreshQuietly(storeKey, token)) {
			slot.hold(encodedKey, leaseOf(key, storeKey, token, stamp, invocation));
			return true;
		}
		return false;
	}

	/**
	 * Claims the lease of an entry that is present (a refresh or a warm-up).
	 * @return {@code false} if another caller holds the lease or Redis cannot be asked
	 */
	private boolean claimRefreshQuietly(String storeKey, String token) {
		try {
			return this.runtime.guard()
				.call("claim a refresh in",
						() -> this.runtime.store().claimRefresh(storeKey, token, this.runtime.coordination().leaseTime()));
		}
		catch (CacheUnavailableException ex) {
			this.statistics.recordError();
			return false;
		}
	}

	/**
	 * The non-{@code sync} miss: claim the lease (and answer a miss so that Spring runs the method and
	 * writes with the lease), or wait for the holder's landing.
	 * @param present whether an unusable entry (unreadable, tag evicted) is in the way
	 */
	private ValueWrapper awaitOrClaimForCaller(Object key, String encodedKey, String storeKey,
			CacheInvocation invocation, boolean present, LeaseSlot slot) {
		LoadCoordination coordination = this.runtime.coordination();
		long deadline = System.nanoTime() + coordination.waitTimeout().toNanos();
		String token = coordination.newToken();
		boolean waited = false;
		while (true) {
			long stamp = nearStamp(encodedKey);
			CompletableFuture<Void> landing = coordination.expectLanding(storeKey);
			LoadClaim claim;
			try {
				claim = claim(storeKey, token, present);
			}
			catch (CacheUnavailableException ex) {
				// load without caching: without a lease the value could overwrite a newer one
				slot.hold(encodedKey, new Lease(key, storeKey, null, stamp, null));
				return null;
			}
			if (claim.value() != null) {
				Read found = decode(key, encodedKey, storeKey, claim.value(), invocation, stamp);
				if (found.state != State.INVALID) {
					return found.wrapper;
				}
				present = true;
				continue;
			}
			if (claim.leased()) {
				Pending pending = pending(key, invocation);
				if (pending != null) {
					releaseQuietly(storeKey, token);
					return new SimpleValueWrapper(pending.value());
				}
				slot.hold(encodedKey, leaseOf(key, storeKey, token, stamp, invocation));
				return null;
			}
			if (!waited) {
				this.statistics.recordLeaseWait();
				waited = true;
			}
			if (!coordination.awaitLanding(storeKey, landing, deadline)) {
				this.statistics.recordLeaseTimeout();
				Pending pending = pending(key, invocation);
				if (pending != null) {
					return new SimpleValueWrapper(pending.value());
				}
				// load without caching: the holder's write wins, whatever this caller computes
				slot.hold(encodedKey, new Lease(key, storeKey, null, stamp, null));
				return null;
			}
			present = false;
		}
	}

	@SuppressWarnings("unchecked")
	<T> T getOrLoad(Object key, Callable<T> loader, CacheInvocation invocation) {
		Object nearHit = nearHit(key, invocation);
		if (nearHit != null) {
			return (T) ((ValueWrapper) nearHit).get();
		}
		String encodedKey = this.runtime.keys().encoder().encodeKey(key);
		Read read = read(key, encodedKey, invocation);
		switch (read.state) {
			case FRESH:
				return (T) read.wrapper.get();
			case EARLY:
				refreshInBackground(key, encodedKey, read.storeKey, loader, invocation);
				return (T) read.wrapper.get();
			case STALE:
				this.statistics.recordStaleServed();
				refreshInBackground(key, encodedKey, read.storeKey, loader, invocation);
				return (T) read.wrapper.get();
			default:
				break;
		}
		String flightKey = (read.storeKey != null) ? read.storeKey : encodedKey;
		CompletableFuture<Object> mine = new CompletableFuture<>();
		CompletableFuture<Object> running = this.loads.putIfAbsent(flightKey, mine);
		if (running != null) {
			try {
				return (T) running.join();
			}
			catch (CompletionException ex) {
				throw new ValueRetrievalException(key, loader, ex.getCause());
			}
		}
		try {
			Object value = (read.storeKey != null && this.spec.singleFlight())
					? loadOnce(key, encodedKey, read.storeKey, loader, invocation, read.state == State.INVALID)
					: loadAndWrite(key, encodedKey, loader, invocation);
			mine.complete(value);
			return (T) value;
		}
		catch (Throwable ex) {
			mine.completeExceptionally(ex);
			throw new ValueRetrievalException(key, loader, ex);
		}
		finally {
			this.loads.remove(flightKey, mine);
		}
	}

	private Object loadAndWrite(Object key, String encodedKey, Callable<?> loader, CacheInvocation invocation)
			throws Exception {
		Pending pending = pending(key, invocation);
		if (pending != null) {
			return pending.value();
		}
		Object value = timedLoad(loader);
		writeEncoded(encodedKey, value, invocation, null);
		return value;
	}

	/**
	 * The {@code sync} miss across instances: claim the lease and load, or wait for the holder's landing
	 * (bounded), then look again.
	 * @param present whether an unusable entry (unreadable, tag evicted) is in the way
	 */
	private Object loadOnce(Object key, String encodedKey, String storeKey, Callable<?> loader,
			CacheInvocation invocation, boolean present) throws Exception {
		LoadCoordination coordination = this.runtime.coordination();
		long deadline = System.nanoTime() + coordination.waitTimeout().toNanos();
		String token = coordination.newToken();
		boolean waited = false;
		boolean lastChance = false;
		while (true) {
			long stamp = nearStamp(encodedKey);
			CompletableFuture<Void> landing = coordination.expectLanding(storeKey);
			LoadClaim claim;
			try {
				claim = claim(storeKey, token, present);
			}
			catch (CacheUnavailableException ex) {
				return timedLoad(loader);
			}
			if (claim.value() != null) {
				Read found = decode(key, encodedKey, storeKey, claim.value(), invocation, stamp);
				if (found.state != State.INVALID) {
					return found.wrapper.get();
				}
				present = true;
				continue;
			}
			if (claim.leased()) {
				Pending pending = pending(key, invocation);
				if (pending != null) {
					releaseQuietly(storeKey, token);
					return pending.value();
				}
				Lease lease = leaseOf(key, storeKey, token, stamp, invocation);
				Object value;
				try {
					value = timedLoad(loader);
				}
				catch (Exception | Error ex) {
					releaseQuietly(storeKey, token);
					throw ex;
				}
				writeEncoded(encodedKey, value, invocation, lease);
				return value;
			}
			if (lastChance) {
				// the holder's write wins, whatever this caller computes
				return timedLoad(loader);
			}
			if (!waited) {
				this.statistics.recordLeaseWait();
				waited = true;
			}
			if (!coordination.awaitLanding(storeKey, landing, deadline)) {
				this.statistics.recordLeaseTimeout();
				lastChance = true;
			}
			present = false;
		}
	}

	private LoadClaim claim(String storeKey, String token, boolean present) {
		LeaseStoreCall call = present
				? () -> this.runtime.store().claimRefresh(storeKey, token, this.runtime.coordination().leaseTime())
						? LoadClaim.LEASED : LoadClaim.BUSY
				: () -> this.runtime.store().claimLoad(storeKey, token, this.runtime.coordination().leaseTime());
		try {
			return this.runtime.guard().call("claim a load in", call::claim);
		}
		catch (CacheUnavailableException ex) {
			this.statistics.recordError();
			throw ex;
		}
	}

	@FunctionalInterface
	private interface LeaseStoreCall {

		LoadClaim claim();

	}

	private void releaseQuietly(String storeKey, String token) {
		try {
			this.runtime.guard().call("release a lease in", () -> {
				this.runtime.store().releaseLease(storeKey, token, this.runtime.coordination().landingChannel());
				return null;
			});
		}
		catch (CacheUnavailableException ex) {
			this.statistics.recordError();
		}
	}

	private void refreshInBackground(Object key, String encodedKey, String storeKey, Callable<?> loader,
			CacheInvocation invocation) {
		if (this.refreshing.putIfAbsent(storeKey, Boolean.TRUE) != null) {
			return;
		}
		boolean accepted = this.runtime.coordination().refreshInBackground(() -> {
			try {
				refresh(key, encodedKey, storeKey, loader, invocation);
			}
			finally {
				this.refreshing.remove(storeKey);
			}
		});
		if (!accepted) {
			this.refreshing.remove(storeKey);
		}
	}

	private void refresh(Object key, String encodedKey, String storeKey, Callable<?> loader,
			CacheInvocation invocation) {
		String token = this.runtime.coordination().newToken();
		long stamp = nearStamp(encodedKey);
		if (!claimRefreshQuietly(storeKey, token)) {
			return;
		}
		if (pending(key, invocation) != null) {
			// a newer value waits to be persisted: the database has nothing better to refresh with
			releaseQuietly(storeKey, token);
			return;
		}
		Lease lease = leaseOf(key, storeKey, token, stamp, invocation);
		if (lease.token == null) {
			return;
		}
		Object value;
		try {
			value = timedLoad(loader);
		}
		catch (Exception | Error ex) {
			this.statistics.recordRefreshError();
			releaseQuietly(storeKey, token);
			this.runtime.guard().log().warn("refresh-" + this.name, "cachekit could not refresh an entry of cache '"
					+ this.name + "' (key " + storeKey + "); the cached value is served until it expires", ex);
			return;
		}
		if (writeEncoded(encodedKey, value, invocation, lease)) {
			this.statistics.recordRefresh();
		}
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
		String encodedKey = this.runtime.keys().encoder().encodeKey(key);
		String storeKey;
		byte[] bytes;
		try {
			storeKey = storeKeyOf(encodedKey);
			bytes = this.runtime.guard().call("read from", () -> this.runtime.store().get(storeKey));
		}
		catch (CacheUnavailableException ex) {
			this.statistics.recordError();
			return false;
		}
		if (bytes != null && !closeToExpiry(bytes, refreshBelow)) {
			return false;
		}
		String token = this.runtime.coordination().newToken();
		long stamp = nearStamp(encodedKey);
		if (!claimRefreshQuietly(storeKey, token)) {
			return false;
		}
		if (pending(key, CacheInvocation.UNTYPED) != null) {
			releaseQuietly(storeKey, token);
			return false;
		}
		Lease lease = leaseOf(key, storeKey, token, stamp, CacheInvocation.UNTYPED);
		if (lease.token == null) {
			return false;
		}
		Object value;
		try {
			value = timedLoad(loader);
		}
		catch (Exception ex) {
			releaseQuietly(storeKey, token);
			throw new ValueRetrievalException(key, loader, ex);
		}
		return writeEncoded(encodedKey, value, CacheInvocation.UNTYPED, lease);
	}

	private boolean closeToExpiry(byte[] bytes, double refreshBelow) {
		try {
			StoredEntry entry = this.runtime.codec().decode(bytes);
			if (entry.ttlMillis() <= 0) {
				return false;
			}
			long remaining = entry.writtenAtMillis() + entry.ttlMillis() - this.runtime.clock().millis();
			return remaining < entry.ttlMillis() * refreshBelow;
		}
		catch (RuntimeException ex) {
			return true;
		}
	}

	/**
	 * A value written to this key but maybe not persisted yet, read into the call's type.
	 * @return the pending value, or {@code null} when nothing is pending, no source is configured, or it
	 * cannot be read (then the caller loads)
	 */
	private Pending pending(Object key, CacheInvocation invocation) {
		PendingValues source = this.runtime.pending();
		if (source == null) {
			return null;
		}
		byte[] json;
		try {
			json = this.runtime.guard().call("read a pending write from", () -> source.find(this.name, keyString(key)));
		}
		catch (CacheUnavailableException ex) {
			this.statistics.recordError();
			return null;
		}
		if (json == null) {
			return null;
		}
		try {
			Object value = this.runtime.mapper().read(json, invocation.type());
			this.statistics.recordPendingServed();
			return new Pending(value);
		}
		catch (RuntimeException ex) {
			this.statistics.recordUnreadable();
			this.runtime.guard().log().warn("pending-" + this.name, "cachekit could not read a pending write of cache '"
					+ this.name + "' as the method's type; the value is loaded instead", ex);
			return null;
		}
	}

	private static String keyString(Object key) {
		return (key instanceof Object[] array) ? Arrays.deepToString(array) : String.valueOf(key);
	}

	private Object timedLoad(Callable<?> loader) throws Exception {
		long start = System.nanoTime();
		Object value = loader.call();
		this.statistics.recordLoad(System.nanoTime() - start);
		return value;
	}

	private Object nearHit(Object key, CacheInvocation invocation) {
		if (this.near == null) {
			return null;
		}
		Object held = this.near.get(key);
		if (held instanceof NearEntry entry && entry.matches(invocation.type()) && tagsCurrent(entry)) {
			this.statistics.recordNearHit();
			return entry.wrapper;
		}
		return null;
	}

	private boolean tagsCurrent(NearEntry entry) {
		if (entry.tags.length == 0) {
			return true;
		}
		try {
			return Arrays.equals(entry.versions, this.runtime.metadata().tagVersions(entry.tags));
		}
		catch (CacheUnavailableException ex) {
			return false;
		}
	}

	private long nearStamp(String encodedKey) {
		return (this.near != null) ? this.near.readStamp(encodedKey) : 0;
	}

	private Read read(Object key, String encodedKey, CacheInvocation invocation) {
		CacheRuntime rt = this.runtime;
		if (rt.invalidator().mustBypass(this.segment)) {
			this.statistics.recordMiss();
			return Read.UNAVAILABLE;
		}
		long stamp = nearStamp(encodedKey);
		String storeKey;
		byte[] bytes;
		try {
			storeKey = storeKeyOf(encodedKey);
			bytes = rt.guard().call("read from", () -> rt.store().get(storeKey));
		}
		catch (CacheUnavailableException ex) {
			this.statistics.recordError();
			this.statistics.recordMiss();
			return Read.UNAVAILABLE;
		}
		if (bytes == null) {
			this.statistics.recordMiss();
			return new Read(State.MISS, null, storeKey);
		}
		return decode(key, encodedKey, storeKey, bytes, invocation, stamp);
	}

	private Read decode(Object key, String encodedKey, String storeKey, byte[] bytes, CacheInvocation invocation,
			long stamp) {
		CacheRuntime rt = this.runtime;
		StoredEntry entry;
		Object value;
		try {
			entry = rt.codec().decode(bytes);
			if (entry.generation() != rt.metadata().generation(this.segment)
					|| (entry.tags().length > 0
							&& !Arrays.equals(entry.tagVersions(), rt.metadata().tagVersions(entry.tags())))) {
				this.statistics.recordMiss();
				return new Read(State.INVALID, null, storeKey);
			}
			value = entry.isNull() ? null
					: rt.mapper().read(entry.buffer(), entry.offset(), entry.length(), invocation.type());
		}
		catch (CacheUnavailableException ex) {
			this.statistics.recordError();
			this.statistics.recordMiss();
			return new Read(State.INVALID, null, storeKey);
		}
		catch (RuntimeException ex) {
			this.statistics.recordUnreadable();
			this.statistics.recordMiss();
			rt.guard().log().warn("unreadable-" + this.name, "cachekit treated an unreadable value in cache '"
					+ this.name + "' as a miss (key " + storeKey + "); the method runs and overwrites it", ex);
			return new Read(State.INVALID, null, storeKey);
		}
		this.statistics.recordHit();
		ValueWrapper wrapper = new SimpleValueWrapper(value);
		long remaining = (entry.ttlMillis() > 0)
				? entry.writtenAtMillis() + entry.ttlMillis() - rt.clock().millis() : Long.MAX_VALUE;
		if (remaining <= 0 && this.spec.staleTtl() != null) {
			return new Read(State.STALE, wrapper, storeKey);
		}
		if (this.near != null && remaining > 0) {
			this.near.putIfUnchanged(key, encodedKey,
					new NearEntry(wrapper, invocation.type(), entry.tags(), entry.tagVersions()), stamp,
					Duration.ofMillis(Math.min(remaining, Long.MAX_VALUE / 2_000_000)));
		}
		if (this.spec.earlyRefreshBeta() > 0 && remaining != Long.MAX_VALUE && refreshEarly(remaining)) {
			return new Read(State.EARLY, wrapper, storeKey);
		}
		return new Read(State.FRESH, wrapper, storeKey);
	}

	/**
	 * XFetch: refresh when {@code -delta * beta * ln(random) >= remaining}, delta being the recent load time.
	 */
	private boolean refreshEarly(long remainingMillis) {
		long delta = this.statistics.recentLoadNanos();
		double deltaMillis = ((delta > 0) ? delta : DEFAULT_LOAD_NANOS) / 1_000_000.0;
		double draw = ThreadLocalRandom.current().nextDouble();
		return -deltaMillis * this.spec.earlyRefreshBeta() * Math.log(draw) >= remainingMillis;
	}

	void write(Object key, Object value, CacheInvocation invocation, LeaseSlot slot) {
		String encodedKey = this.runtime.keys().encoder().encodeKey(key);
		writeEncoded(encodedKey, value, invocation, (slot != null) ? slot.take(encodedKey) : null);
	}

	/**
	 * Writes a value: with a lease (completing a load) only if the lease still holds, else unconditionally,
	 * revoking any lease so that loads in flight cannot overwrite it, and announcing it to near caches.
	 * @return whether the value was stored
	 */
	private boolean writeEncoded(String encodedKey, Object value, CacheInvocation invocation, Lease lease) {
		if (lease != null && lease.token == null) {
			return false;
		}
		Duration ttl = ttlOf(value, invocation);
		if (value == null && !this.spec.cacheNulls()) {
			if (lease == null) {
				evictEncoded(encodedKey);
			}
			else {
				releaseQuietly(lease.storeKey, lease.token);
			}
			return false;
		}
		String[] tags;
		byte[] encoded;
		try {
			// a load is stamped with the generation and tag versions from before it read the database, so that
			// a clear or a tag eviction during the load makes the entry a miss rather than a stale hit
			TagStamp stamp = (lease != null && lease.tags != null) ? lease.tags : tagStamp(invocation);
			tags = stamp.tags();
			long[] versions = stamp.versions();
			byte[] json = (value != null) ? this.runtime.mapper().write(value, invocation.type()) : null;
			encoded = this.runtime.codec()
				.encode(json, stamp.generation(), this.runtime.clock().millis(), (ttl != null) ? ttl.toMillis() : 0,
						tags, versions, this.spec.compressionThreshold());
			Duration storeTtl = (ttl != null && this.spec.staleTtl() != null && value != null)
					? ttl.plus(this.spec.staleTtl()) : ttl;
			boolean stored = store(encodedKey, encoded, storeTtl, lease);
			if (stored && lease != null && this.near != null) {
				// a load is kept only if nothing invalidated the entry since before it read the database;
				// a put is not kept: the next read takes it from Redis, so racing puts cannot leave the
				// loser's value here
				NearEntry held = new NearEntry(new SimpleValueWrapper(value), invocation.type(), tags, versions);
				Duration nearTtl = (ttl != null) ? ttl : this.spec.nearCacheTtl();
				this.near.putIfUnchanged(lease.key, encodedKey, held, lease.nearStamp, nearTtl);
			}
			return stored;
		}
		catch (CacheUnavailableException ex) {
			this.statistics.recordError();
			return false;
		}
		catch (RuntimeException ex) {
			this.statistics.recordError();
			this.runtime.guard().log().warn("serialize-" + this.name,
					"cachekit could not serialize a value for cache '" + this.name + "'; it is not cached", ex);
			return false;
		}
	}

	private boolean store(String encodedKey, byte[] encoded, Duration ttl, Lease lease) {
		CacheRuntime rt = this.runtime;
		String channel = rt.coordination().landingChannel();
		if (lease != null) {
			boolean written = rt.guard()
				.call("write to", () -> rt.store().setIfLeased(lease.storeKey, encoded, ttl, lease.token, channel));
			if (written) {
				this.statistics.recordPut();
			}
			else {
				this.statistics.recordStaleSetRejected();
			}
			return written;
		}
		String storeKey = storeKeyOf(encodedKey);
		try {
			rt.guard().call("write to", () -> {
				if (this.spec.singleFlight()) {
					rt.store().setAndRevokeLease(storeKey, encoded, ttl, channel);
				}
				else {
					rt.store().set(storeKey, encoded, ttl);
				}
				return null;
			});
		}
		finally {
			// after Redis, as for evictions; also when the write failed, since it may have landed
			dropNearCopy(encodedKey);
		}
		this.statistics.recordPut();
		return true;
	}

	ValueWrapper writeIfAbsent(Object key, Object value, CacheInvocation invocation) {
		LeaseSlot slot = new LeaseSlot();
		ValueWrapper existing = lookup(key, invocation, slot);
		if (existing != null) {
			return existing;
		}
		String encodedKey = this.runtime.keys().encoder().encodeKey(key);
		Lease lease = slot.take(encodedKey);
		if (lease != null && lease.token != null) {
			// the lookup claimed the entry's lease: complete the load with this value, waking any waiters
			return writeEncoded(encodedKey, value, invocation, lease) ? null : lookup(key, invocation, null);
		}
		Duration ttl = ttlOf(value, invocation);
		if (value == null && !this.spec.cacheNulls()) {
			return null;
		}
		try {
			TagStamp tags = tagStamp(invocation);
			byte[] json = (value != null) ? this.runtime.mapper().write(value, invocation.type()) : null;
			byte[] encoded = this.runtime.codec()
				.encode(json, tags.generation(), this.runtime.clock().millis(), (ttl != null) ? ttl.toMillis() : 0,
						tags.tags(), tags.versions(), this.spec.compressionThreshold());
			String storeKey = storeKeyOf(encodedKey);
			boolean written = this.runtime.guard()
				.call("write to", () -> this.runtime.store().setIfAbsent(storeKey, encoded, ttl));
			if (written) {
				this.statistics.recordPut();
				dropNearCopy(encodedKey);
				return null;
			}
			return lookup(key, invocation, null);
		}
		catch (CacheUnavailableException ex) {
			this.statistics.recordError();
			return null;
		}
		catch (RuntimeException ex) {
			this.statistics.recordError();
			this.runtime.guard().log().warn("serialize-" + this.name,
					"cachekit could not serialize a value for cache '" + this.name + "'; it is not cached", ex);
			return null;
		}
	}

	/**
	 * The lease a caller holds once it claimed an entry, stamped with the generation and tag versions before
	 * its load. When they cannot be read, the claim is given up and the lease cannot write: the caller loads
	 * without caching, since without the stamp a clear or tag eviction during the load could go unnoticed.
	 */
	private Lease leaseOf(Object key, String storeKey, String token, long nearStamp, CacheInvocation invocation) {
		try {
			return new Lease(key, storeKey, token, nearStamp, tagStamp(invocation));
		}
		catch (CacheUnavailableException ex) {
			this.statistics.recordError();
			releaseQuietly(storeKey, token);
			return new Lease(key, storeKey, null, nearStamp, null);
		}
	}

	private TagStamp tagStamp(CacheInvocation invocation) {
		String[] tags = invocation.evaluateTags();
		long generation = this.runtime.metadata().generation(this.segment);
		return (tags.length > 0) ? new TagStamp(generation, tags, this.runtime.metadata().tagVersions(tags))
				: new TagStamp(generation, NO_TAGS, NO_VERSIONS);
	}

	private Duration ttlOf(Object value, CacheInvocation invocation) {
		if (value == null) {
			return jitter(this.spec.nullTtl());
		}
		if (invocation.ttl() != null) {
			return jitter(invocation.ttl());
		}
		return this.spec.noExpiry() ? null : jitter(this.spec.ttl());
	}

	private Duration jitter(Duration ttl) {
		double jitter = this.spec.jitter();
		long millis = ttl.toMillis();
		if (jitter > 0) {
			double factor = 1 + ThreadLocalRandom.current().nextDouble(-jitter, jitter);
			millis = Math.round(millis * factor);
		}
		return Duration.ofMillis(Math.max(1, millis));
	}

	private enum State {

		/** Usable and not due for refresh. */
		FRESH,
		/** Usable, and this caller drew an early refresh. */
		EARLY,
		/** Expired but within the stale TTL. */
		STALE,
		/** Absent. */
		MISS,
		/** Present but unusable: unreadable, or a tag was evicted. */
		INVALID,
		/** Redis could not be asked. */
		UNAVAILABLE

	}

	private record Read(State state, ValueWrapper wrapper, String storeKey) {

		static final Read UNAVAILABLE = new Read(State.UNAVAILABLE, null, null);

	}

	/**
	 * A claim on an entry: the caller's key, its Redis lease token ({@code null} after a wait that ran out: the caller loads
	 * but must not write), the near-cache stamp and the generation and tag versions from before the load.
	 */
	private record Lease(Object key, String storeKey, String token, long nearStamp, TagStamp tags) {
	}

	/** A value written but maybe not yet persisted; the value itself may be {@code null}. */
	private record Pending(Object value) {
	}

	/** The generation of the cache and the tags of an entry with their versions, at one moment. */
	private record TagStamp(long generation, String[] tags, long[] versions) {
	}

	/**
	 * Carries the lease a non-{@code sync} lookup claimed to the write that completes it. Each annotated
	 * call has its own slot (in its {@link InvocationBoundCache}), so a lease left behind by a method that
	 * threw, or whose result {@code unless} rejected, dies with that call; its Redis lease expires after
	 * the lease time. Made for one call on one thread; safe (if pointless) when a view is shared.
	 */
	static final class LeaseSlot {

		private String encodedKey;

		private Lease lease;

		synchronized void hold(String encodedKey, Lease lease) {
			this.encodedKey = encodedKey;
			this.lease = lease;
		}

		synchronized Lease take(String encodedKey) {
			if (this.lease == null || !encodedKey.equals(this.encodedKey)) {
				return null;
			}
			Lease taken = this.lease;
			this.lease = null;
			this.encodedKey = null;
			return taken;
		}

	}

	/** A value in the near cache with what is needed to check it is still the one Redis would give. */
	private record NearEntry(ValueWrapper wrapper, JavaType type, String[] tags, long[] versions) {

		boolean matches(JavaType wanted) {
			return this.type == wanted || Objects.equals(this.type, wanted);
		}

	}

}
