package io.cachekit.cache.warming;

import java.util.List;
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

	/**
	 * The keys of this cache that were read most across instances lately, for warming what is hot: the
	 * cache must share its hot keys ({@code cachekit.cache.caches.<name>.hot-keys.shared=true}).
	 * @param limit how many at most
	 * @return the encoded keys (as at the end of the entries' Redis keys), most read first; empty when none
	 * were shared yet or Redis cannot answer
	 */
	default List<String> hotKeys(int limit) {
		return List.of();
	}

}
