package io.cachekit.cache.near;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.BooleanSupplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Policy;

/**
 * The in-process tier of one cache: a Caffeine cache bounded in size and time. Its TTL is the hard bound
 * on how stale an entry can be when every invalidation is lost.
 * <p>
 * A reader that misses here and loads from Redis takes a {@link #readStamp(String) stamp} first and puts
 * with it: the put is dropped if an invalidation for that key (or a clear) arrived in between, so a value
 * read before a remote update can never be parked here after that update's invalidation.
 */
public final class NearCache {

	private static final int STRIPES = 1024;

	private final String name;

	private final Cache<String, Object> store;

	private final Policy.VarExpiration<String, Object> expiration;

	private final Duration ttl;

	private final BooleanSupplier coherent;

	private final AtomicLongArray keyEpochs = new AtomicLongArray(STRIPES);

	/**
	 * Creates a near cache.
	 * @param name the cache name
	 * @param maximumSize the most entries kept
	 * @param ttl how long an entry is kept after it was written
	 * @param coherent whether invalidations are flowing; while not, the near cache is bypassed
	 */
	public NearCache(String name, long maximumSize, Duration ttl, BooleanSupplier coherent) {
		this.name = name;
		this.ttl = ttl;
		this.store = Caffeine.newBuilder()
			.maximumSize(maximumSize)
			.expireAfter(Expiry.writing((String key, Object value) -> ttl))
			.recordStats()
			.build();
		this.expiration = this.store.policy().expireVariably().orElseThrow();
		this.coherent = coherent;
	}

	/** @return the name of the cache this near cache belongs to */
	public String name() {
		return this.name;
	}

	/**
	 * Returns the value held for a key: no I/O, no allocation.
	 * @param key the entry key
	 * @return the value, or {@code null} if absent or the near cache is bypassed
	 */
	public Object get(String key) {
		return this.coherent.getAsBoolean() ? this.store.getIfPresent(key) : null;
	}

	/**
	 * Takes a stamp before reading a key from the remote tier.
	 * @param key the entry key
	 * @return the stamp to pass to {@link #putIfUnchanged(String, Object, long)}
	 */
	public long readStamp(String key) {
		return this.keyEpochs.get(stripe(key));
	}

	/**
	 * Keeps a value read from the remote tier, unless the key was invalidated since the stamp was taken.
	 * @param key the entry key
	 * @param value the value
	 * @param stamp the stamp from {@link #readStamp(String)}
	 */
	public void putIfUnchanged(String key, Object value, long stamp) {
		putIfUnchanged(key, value, stamp, this.ttl);
	}

	/**
	 * Keeps a value read from the remote tier for at most the given time (and never beyond this near
	 * cache's TTL), unless the key was invalidated since the stamp was taken.
	 * @param key the entry key
	 * @param value the value
	 * @param stamp the stamp from {@link #readStamp(String)}
	 * @param ttl how long the value may be held
	 */
	public void putIfUnchanged(String key, Object value, long stamp, Duration ttl) {
		if (this.coherent.getAsBoolean() && !(ttl.isNegative() || ttl.isZero())) {
			this.expiration.put(key, value, bound(ttl));
			if (readStamp(key) != stamp) {
				this.store.invalidate(key);
			}
		}
	}

	/**
	 * Keeps a value this instance wrote itself.
	 * @param key the entry key
	 * @param value the value
	 */
	public void put(String key, Object value) {
		put(key, value, this.ttl);
	}

	/**
	 * Keeps a value this instance wrote itself for at most the given time (and never beyond this near
	 * cache's TTL).
	 * @param key the entry key
	 * @param value the value
	 * @param ttl how long the value may be held
	 */
	public void put(String key, Object value, Duration ttl) {
		if (this.coherent.getAsBoolean() && !(ttl.isNegative() || ttl.isZero())) {
			this.expiration.put(key, value, bound(ttl));
		}
	}

	private Duration bound(Duration ttl) {
		return (ttl.compareTo(this.ttl) < 0) ? ttl : this.ttl;
	}

	/**
	 * Drops one entry.
	 * @param key the entry key
	 */
	public void invalidate(String key) {
		this.keyEpochs.incrementAndGet(stripe(key));
		this.store.invalidate(key);
	}

	/** Drops every entry. */
	public void clear() {
		for (int i = 0; i < STRIPES; i++) {
			this.keyEpochs.incrementAndGet(i);
		}
		this.store.invalidateAll();
	}

	/** The number of entries held (approximate). */
	public long size() {
		return this.store.estimatedSize();
	}

	/** Hits and misses of this tier. */
	public com.github.benmanes.caffeine.cache.stats.CacheStats stats() {
		return this.store.stats();
	}

	private static int stripe(String key) {
		int hash = key.hashCode();
		return (hash ^ (hash >>> 16)) & (STRIPES - 1);
	}

}
