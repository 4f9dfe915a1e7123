package io.cachekit.cache.store;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * The storage tier under a cachekit cache: raw bytes by key with millisecond expiry, counters for cache
 * generations and tag versions, and a broadcast channel for invalidation events. Redis
 * ({@link RedisCacheStore}) is the tier of record; other tiers (e.g. a near cache in front of Redis) wrap
 * it and must pass the same contract tests.
 * <p>
 * Implementations throw any {@link RuntimeException} when the tier cannot answer; callers decide how to
 * fail open. A {@code null} TTL means no expiry.
 */
public interface CacheStore {

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
	 * Deletes the keys matching a glob pattern, scanning in bounded batches (never {@code KEYS}).
	 * @param pattern the pattern
	 * @param batchSize keys per scan step and per delete
	 * @return how many keys were deleted
	 */
	long deleteMatching(String pattern, int batchSize);

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
	 * Increments a counter, creating it at 1.
	 * @param key the counter's key
	 * @param retention how long the counter is kept after this increment, or {@code null} for ever
	 * @return the new value
	 */
	long increment(String key, Duration retention);

	/**
	 * Reads counters.
	 * @param keys the counters' keys
	 * @return their values in the same order, 0 for absent counters
	 */
	long[] counters(List<String> keys);

	/**
	 * Broadcasts an event to every subscriber of the channel, in every application instance.
	 * @param channel the channel
	 * @param message the event
	 */
	void publish(String channel, String message);

	/**
	 * Subscribes to a channel. Subscription is asynchronous and survives reconnects.
	 * @param channel the channel
	 * @param listener receives every event
	 */
	void subscribe(String channel, Consumer<String> listener);

}
