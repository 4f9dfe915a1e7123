package io.cachekit.cache.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.cachekit.keys.CachekitKeys;

/**
 * Cache entries as bytes by key with millisecond expiry: the part of the {@link CacheStore} a hit touches.
 * Implementations throw any {@link RuntimeException} when the tier cannot answer; callers decide how to fail
 * open. A {@code null} TTL means no expiry.
 */
public interface EntryStore {

	/** Remaining TTL answer when the key does not exist. */
	long ABSENT = -2;

	/** Remaining TTL answer when the key exists without expiry. */
	long PERSISTENT = -1;

	/**
	 * Reads a value.
	 * @param key the key
	 * @return the bytes or {@code null} when absent
	 */
	byte[] get(String key);

	/**
	 * Reads several entries, in one round trip where the store can (Redis: {@code MGET}, one per slot on a
	 * cluster). This default reads them one by one.
	 * @param keys the entry keys
	 * @return their bytes in the order of the keys, {@code null} for absent ones
	 */
	default List<byte[]> getAll(List<String> keys) {
		List<byte[]> values = new ArrayList<>(keys.size());
		for (String key : keys) {
			values.add(get(key));
		}
		return values;
	}

	/**
	 * Writes a value, replacing any other.
	 * @param key the key
	 * @param value the bytes
	 * @param ttl the time to live, or {@code null} for none
	 */
	void set(String key, byte[] value, Duration ttl);

	/**
	 * Writes a value unless the key exists.
	 * @param key the key
	 * @param value the bytes
	 * @param ttl the time to live, or {@code null} for none
	 * @return whether the value was written
	 */
	boolean setIfAbsent(String key, byte[] value, Duration ttl);

	/**
	 * Deletes a key.
	 * @param key the key
	 * @return whether it existed
	 */
	boolean delete(String key);

	/**
	 * Deletes the entries whose keys match a glob pattern, scanning in bounded batches (never {@code KEYS});
	 * metadata keys ({@link #isMetadataKey}) are never deleted.
	 * @param pattern the pattern
	 * @param batchSize keys per scan step and per delete
	 * @return how many keys were deleted
	 */
	long deleteMatching(String pattern, int batchSize);

	/**
	 * Deletes the entries whose keys match a glob pattern and that belong to another generation than the given
	 * one (an entry's bytes 1 to 8 hold its generation, big-endian), scanning in bounded batches; metadata keys
	 * are never deleted.
	 * @param pattern the pattern, e.g. every key of a cache
	 * @param generation the generation whose entries stay
	 * @param batchSize keys per scan step
	 * @return how many keys were deleted
	 */
	long deleteOtherGenerations(String pattern, long generation, int batchSize);

	/**
	 * The remaining time to live of a key.
	 * @param key the key
	 * @return milliseconds, or {@link #ABSENT} or {@link #PERSISTENT}
	 */
	long remainingTtlMillis(String key);

	/**
	 * Sets a key's time to live.
	 * @param key the key
	 * @param ttl the new TTL
	 * @return whether the key exists
	 */
	boolean expire(String key, Duration ttl);

	/**
	 * Removes a key's time to live.
	 * @param key the key
	 * @return whether a TTL was removed
	 */
	boolean persist(String key);

	/**
	 * Whether a key is a metadata key (a cache's generation token) rather than an entry: its last
	 * {@code :}-separated segment starts with {@code ~}, which no encoded entry key does.
	 * @param key a Redis key
	 * @return {@code true} for metadata
	 */
	static boolean isMetadataKey(String key) {
		return CachekitKeys.isMetadata(key);
	}

}
