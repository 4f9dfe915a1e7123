package io.cachekit.cache.near;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The near caches of one instance by cache name, applying what the {@link InvalidationBus} delivers.
 */
public final class NearCaches implements InvalidationListener {

	private final Map<String, NearCache> caches = new ConcurrentHashMap<>();

	/**
	 * Registers a near cache.
	 * @param nearCache the near cache
	 * @return the same near cache
	 */
	public NearCache register(NearCache nearCache) {
		this.caches.put(nearCache.name(), nearCache);
		return nearCache;
	}

	/**
	 * Returns the near cache of a cache.
	 * @param cache the cache name
	 * @return the near cache, or {@code null} if that cache has none
	 */
	public NearCache get(String cache) {
		return this.caches.get(cache);
	}

	@Override
	public void invalidate(String cache, String key) {
		NearCache nearCache = this.caches.get(cache);
		if (nearCache != null) {
			nearCache.invalidate(key);
		}
	}

	@Override
	public void clear(String cache) {
		NearCache nearCache = this.caches.get(cache);
		if (nearCache != null) {
			nearCache.clear();
		}
	}

	@Override
	public void clearAll() {
		this.caches.values().forEach(NearCache::clear);
	}

}
