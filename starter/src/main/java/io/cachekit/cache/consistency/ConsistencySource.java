package io.cachekit.cache.consistency;

/**
 * The source of truth of one cache, as the consistency monitor reads it: the application implements it over
 * its repositories, e.g. a product by id from the database. Declare it as a bean.
 *
 * @param <V> the type of the cached values
 */
public interface ConsistencySource<V> {

	/**
	 * The name of the cache this source backs.
	 * @return the cache name
	 */
	String cacheName();

	/**
	 * The type the cached values are read as.
	 * @return the value type
	 */
	Class<V> valueType();

	/**
	 * Reads the current value of a key from the source of truth.
	 * @param key the cache key, as the cache was given it
	 * @return the value, or {@code null} if there is none
	 */
	V read(Object key);

	/**
	 * What two values are compared by, e.g. a version number or a last-modified stamp, so that fields the
	 * cache may legitimately hold differently do not count. Logged with each inconsistency.
	 * @param value a cached or a source value, not {@code null}
	 * @return the value's version; by default the value itself (compared with {@code equals})
	 */
	default Object version(V value) {
		return value;
	}

}
