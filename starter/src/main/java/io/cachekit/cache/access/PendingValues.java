package io.cachekit.cache.access;

/**
 * Values that were written to a cache's key but may not be in the database yet, such as write-behind saves
 * acknowledged by Kafka and waiting for the worker. Before a cache loads a missing entry from its loader
 * (the database), it asks here; a pending value is served instead, and not cached as an entry, so a miss
 * never reads older data than an acknowledged write and never keeps a value the database may not get.
 * <p>
 * Asked once per load, after the load's lease is taken: a write that comes later revokes that lease, so
 * the load that missed it is not written. A cache that the source does not {@linkplain #covers(String) cover}
 * is never asked, so its misses cost no extra round trip.
 */
@FunctionalInterface
public interface PendingValues {

	/**
	 * Whether a cache may hold pending values at all: only caches that are written behind do.
	 * @param cacheName the cache name
	 * @return {@code false} when the cache's misses need not ask
	 */
	default boolean covers(String cacheName) {
		return true;
	}

	/**
	 * The latest pending value of a key.
	 * @param cacheName the cache name
	 * @param key the key's string form ({@code String.valueOf} of the cache key)
	 * @return the value as UTF-8 JSON, or {@code null} when nothing is pending
	 */
	byte[] find(String cacheName, String key);

}
