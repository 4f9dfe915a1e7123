package io.cachekit.cache;

import java.time.Duration;
import java.util.function.Function;

import io.cachekit.cache.guard.CacheUnavailableException;
import io.cachekit.cache.store.CacheStore;

/**
 * {@link CacheOperations} over a {@link CachekitCacheManager}.
 */
public class DefaultCacheOperations implements CacheOperations {

	private static final int SCAN_BATCH = 500;

	private final CachekitCacheManager cacheManager;

	/**
	 * Creates the operations.
	 * @param cacheManager the cache manager
	 */
	public DefaultCacheOperations(CachekitCacheManager cacheManager) {
		this.cacheManager = cacheManager;
	}

	@Override
	public RemainingTtl remainingTtl(String cacheName, Object key) {
		long millis = onEntry(cacheName, key, "read the TTL of", (storeKey) -> store().remainingTtlMillis(storeKey));
		if (millis == CacheStore.ABSENT) {
			return new RemainingTtl(false, null);
		}
		return new RemainingTtl(true, (millis == CacheStore.PERSISTENT) ? null : Duration.ofMillis(millis));
	}

	@Override
	public boolean expire(String cacheName, Object key, Duration ttl) {
		if (ttl == null || ttl.isNegative() || ttl.isZero()) {
			throw new IllegalArgumentException("TTL must be positive, was " + ttl);
		}
		boolean expired = onEntry(cacheName, key, "expire", (storeKey) -> store().expire(storeKey, ttl));
		// near caches bound their copies by the TTL the entry had when they read it
		cache(cacheName).dropNearCopies(key);
		return expired;
	}

	@Override
	public boolean persist(String cacheName, Object key) {
		return onEntry(cacheName, key, "persist", (storeKey) -> store().persist(storeKey));
	}

	@Override
	public boolean evict(String cacheName, Object key) {
		return cache(cacheName).evictIfPresent(key);
	}

	@Override
	public long evictMatching(String cacheName, String pattern) {
		CachekitCache cache = cache(cacheName);
		CacheRuntime runtime = this.cacheManager.getRuntime();
		try {
			String glob = runtime.keys().entryPrefix(cache.getKeySegment())
					+ runtime.keys().encoder().encodePattern(pattern);
			return runtime.guard().call("evict by pattern in", () -> store().deleteMatching(glob, SCAN_BATCH));
		}
		catch (CacheUnavailableException ex) {
			throw unavailable("evict by pattern in", cacheName, ex);
		}
		finally {
			// which keys matched is not known per key: every near copy of the cache goes
			cache.dropNearCopies();
		}
	}

	@Override
	public void evictTag(String tag) {
		if (tag == null || tag.isEmpty()) {
			throw new IllegalArgumentException("Tag must not be empty");
		}
		this.cacheManager.getRuntime().invalidator().evictTag(tag);
	}

	@Override
	public void clear(String cacheName) {
		cache(cacheName).clear();
	}

	private <T> T onEntry(String cacheName, Object key, String what, Function<String, T> action) {
		CachekitCache cache = cache(cacheName);
		try {
			String storeKey = cache.storeKey(key);
			return this.cacheManager.getRuntime().guard().call(what + " an entry in", () -> action.apply(storeKey));
		}
		catch (CacheUnavailableException ex) {
			throw unavailable(what + " an entry in", cacheName, ex);
		}
	}

	private CacheStore store() {
		return this.cacheManager.getRuntime().store();
	}

	private CachekitCache cache(String cacheName) {
		CachekitCache cache = this.cacheManager.getCachekitCache(cacheName);
		if (cache == null) {
			throw new CacheOperationException("No cache named '" + cacheName + "'", 404, null);
		}
		return cache;
	}

	private static CacheOperationException unavailable(String what, String cacheName, Exception cause) {
		return new CacheOperationException("Could not " + what + " cache '" + cacheName + "': Redis is unavailable",
				503, cause);
	}

}
