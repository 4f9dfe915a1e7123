package io.cachekit.cache.near;

/**
 * Receives what the {@link InvalidationBus} decides must leave the near caches of this instance.
 */
public interface InvalidationListener {

	/**
	 * Drops one entry.
	 * @param cache the cache name
	 * @param key the entry key
	 */
	void invalidate(String cache, String key);

	/**
	 * Drops every entry of one cache.
	 * @param cache the cache name
	 */
	void clear(String cache);

	/**
	 * Drops every entry of every cache: messages may have been lost.
	 */
	void clearAll();

}
