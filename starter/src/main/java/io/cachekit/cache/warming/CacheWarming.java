package io.cachekit.cache.warming;

import java.util.concurrent.Callable;

/**
 * What a {@link CacheWarmer} is given: a way to load entries of its cache that are missing or close to
 * expiry.
 */
public interface CacheWarming {

	/**
	 * Loads an entry unless it is present and far from expiry.
	 * @param key the cache key, as the {@code @Cacheable} method computes it
	 * @param loader loads the value
	 * @return whether the entry was loaded and stored
	 */
	boolean warm(Object key, Callable<?> loader);

}
