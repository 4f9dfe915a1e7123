package io.cachekit.cache;

import java.time.Duration;

/**
 * Programmatic operations on cachekit caches, the twin of the annotations for what they cannot express:
 * inspect and change an entry's TTL, evict keys, key patterns and tags. Keys are the same objects the
 * annotations use (e.g. the method argument).
 */
public interface CacheOperations {

	/**
	 * The remaining TTL of an entry.
	 * @param cacheName the cache
	 * @param key the key
	 * @return the remaining TTL
	 * @throws CacheOperationException if Redis cannot answer
	 */
	RemainingTtl remainingTtl(String cacheName, Object key);

	/**
	 * Sets the TTL of an existing entry.
	 * @param cacheName the cache
	 * @param key the key
	 * @param ttl the new TTL, positive
	 * @return whether the entry exists
	 * @throws CacheOperationException if Redis cannot answer
	 */
	boolean expire(String cacheName, Object key, Duration ttl);

	/**
	 * Removes the TTL of an existing entry, keeping it until evicted.
	 * @param cacheName the cache
	 * @param key the key
	 * @return whether a TTL was removed
	 * @throws CacheOperationException if Redis cannot answer
	 */
	boolean persist(String cacheName, Object key);

	/**
	 * Evicts one entry. Never throws: if Redis is unavailable the eviction is applied when it returns.
	 * @param cacheName the cache
	 * @param key the key
	 * @return whether the entry existed
	 */
	boolean evict(String cacheName, Object key);

	/**
	 * Evicts the entries whose key matches a glob pattern ({@code *} and {@code ?}), scanning the cache's
	 * keys in bounded batches.
	 * @param cacheName the cache
	 * @param pattern the pattern over keys, e.g. {@code user-*}
	 * @return how many entries were evicted
	 * @throws CacheOperationException if Redis cannot answer
	 */
	long evictMatching(String cacheName, String pattern);

	/**
	 * Evicts every entry carrying the tag, in every cache, in O(1). Never throws: if Redis is unavailable
	 * the eviction is applied when it returns.
	 * @param tag the tag
	 */
	void evictTag(String tag);

	/**
	 * Evicts every entry of a cache in O(1). Never throws: if Redis is unavailable the eviction is applied
	 * when it returns.
	 * @param cacheName the cache
	 */
	void clear(String cacheName);

}
