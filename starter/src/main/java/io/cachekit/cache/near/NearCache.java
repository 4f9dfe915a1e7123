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
 * Entries are held under the caller's own key object (a hit neither encodes the key nor allocates), while
 * invalidations name the encoded key, as it travels between instances. Each entry remembers the
 * invalidation epoch of its encoded key's stripe from <em>before</em> its value was read; an invalidation
 * moves the stripe's epoch on, and a held entry whose epoch is behind reads as absent. So a value read
 * before a remote update can never be served after that update's invalidation arrived, and an
 * invalidation costs one counter increment. (It also hides the other entries of that stripe, one in
 * {@value #STRIPES} on average: they are read again from Redis.)
 */
public final class NearCache {

	private static final int STRIPES = 4096;

	private final String name;

	private final Cache<Object, Held> store;

	private final Policy.VarExpiration<Object, Held> expiration;

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
			.expireAfter(Expiry.writing((Object key, Held value) -> ttl))
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
	 * @param key the caller's key
	 * @return the value, or {@code null} if absent, invalidated, or the near cache is bypassed
	 */
	public Object get(Object key) {
		if (!this.coherent.getAsBoolean()) {
			return null;
		}
		Held held = this.store.getIfPresent(key);
		if (held == null) {
			return null;
		}
		if (this.keyEpochs.get(held.stripe) != held.epoch) {
			this.store.asMap().remove(key, held);
			return null;
		}
		return held.value;
	}

	/**
	 * Takes a stamp before reading a key from the remote tier.
	 * @param encodedKey the entry's encoded key
	 * @return the stamp to pass to {@link #putIfUnchanged(Object, String, Object, long, Duration)}
	 */
	public long readStamp(String encodedKey) {
		return this.keyEpochs.get(stripe(encodedKey));
	}

	/**
	 * Keeps a value read from the remote tier, unless its key was invalidated since the stamp was taken.
	 * @param key the key, used as both the caller's key and the encoded key
	 * @param value the value
	 * @param stamp the stamp from {@link #readStamp(String)}
	 */
	public void putIfUnchanged(String key, Object value, long stamp) {
		putIfUnchanged(key, key, value, stamp, this.ttl);
	}

	/**
	 * Keeps a value read from the remote tier for at most the given time (and never beyond this near
	 * cache's TTL), unless its key was invalidated since the stamp was taken.
	 * @param key the caller's key
	 * @param encodedKey the entry's encoded key, as invalidations name it
	 * @param value the value
	 * @param stamp the stamp from {@link #readStamp(String)}
	 * @param ttl how long the value may be held
	 */
	public void putIfUnchanged(Object key, String encodedKey, Object value, long stamp, Duration ttl) {
		if (this.coherent.getAsBoolean() && !(ttl.isNegative() || ttl.isZero())) {
			// held with the epoch from before the read: if an invalidation came in between, it reads as absent
			this.expiration.put(key, new Held(value, stripe(encodedKey), stamp), bound(ttl));
		}
	}

	/**
	 * Keeps a value that is current now.
	 * @param key the key, used as both the caller's key and the encoded key
	 * @param value the value
	 */
	public void put(String key, Object value) {
		putIfUnchanged(key, key, value, readStamp(key), this.ttl);
	}

	private Duration bound(Duration ttl) {
		return (ttl.compareTo(this.ttl) < 0) ? ttl : this.ttl;
	}

	/**
	 * Drops one entry (and hides the others of its stripe until they are read again).
	 * @param encodedKey the entry's encoded key
	 */
	public void invalidate(String encodedKey) {
		this.keyEpochs.incrementAndGet(stripe(encodedKey));
	}

	/**
	 * Drops this instance's copy of one entry without telling other instances, e.g. because its key cooled
	 * down. Dropping a copy is always safe: the next read goes to Redis.
	 * @param key the caller's key
	 */
	public void demote(Object key) {
		this.store.invalidate(key);
	}

	/** Drops every entry. */
	public void clear() {
		for (int i = 0; i < STRIPES; i++) {
			this.keyEpochs.incrementAndGet(i);
		}
		this.store.invalidateAll();
	}

	/** The number of entries held (approximate, including invalidated ones not read since). */
	public long size() {
		return this.store.estimatedSize();
	}

	private static int stripe(String encodedKey) {
		int hash = encodedKey.hashCode();
		return (hash ^ (hash >>> 16)) & (STRIPES - 1);
	}

	/** A held value with the stripe and epoch it is valid for. */
	private record Held(Object value, int stripe, long epoch) {
	}

}
