package io.cachekit.cache.store;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * The storage tier under a cachekit cache: raw bytes by key with millisecond expiry, random tokens for
 * cache generations and tag versions, and a broadcast channel for invalidation events. Redis
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
	 * Reads metadata tokens (cache generations, tag versions), creating a random one for each key that has
	 * none. A token is never 0 and a new one never equals an earlier one, so a token that Redis lost (a flush,
	 * a restart, an eviction) comes back as a value that no entry was written under.
	 * @param keys the tokens' keys
	 * @param retention how long a token is kept after its last read or change, or {@code null} for ever
	 * @return the tokens, in the same order
	 */
	long[] tokens(List<String> keys, Duration retention);

	/**
	 * Replaces a metadata token with a new random one (a cache is cleared, a tag evicted).
	 * @param key the token's key
	 * @param retention how long the token is kept after its last read or change, or {@code null} for ever
	 * @return the replaced token and the new one
	 */
	TokenChange replaceToken(String key, Duration retention);

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

	/**
	 * Reads an entry or, when it is absent, claims the right to load it: the lease key is set to the token
	 * unless another caller holds it, in which case a waiter flag asks the holder to announce the write on
	 * the landing channel. Entry, lease and flag keys share one hash slot ({@link #leaseKey(String)}).
	 * @param key the entry key
	 * @param token this caller's unique token
	 * @param leaseTime how long the lease lives if never written
	 * @return what the caller found
	 */
	LoadClaim claimLoad(String key, String token, Duration leaseTime);

	/**
	 * Claims the right to refresh an entry whatever its state (early refresh, stale-while-revalidate, an
	 * entry that exists but cannot be used); a caller that does not get the lease is flagged as a waiter.
	 * @param key the entry key
	 * @param token this caller's unique token
	 * @param leaseTime how long the lease lives if never written
	 * @return whether this caller holds the lease
	 */
	boolean claimRefresh(String key, String token, Duration leaseTime);

	/**
	 * Writes an entry only if the caller still holds its lease (nobody evicted or overwrote the entry since
	 * the claim), releases the lease and wakes waiters.
	 * @param key the entry key
	 * @param value the bytes
	 * @param ttl the time to live, or {@code null} for none
	 * @param token the token of the claim
	 * @param landingChannel where waiting instances listen
	 * @return whether the value was written
	 */
	boolean setIfLeased(String key, byte[] value, Duration ttl, String token, String landingChannel);

	/**
	 * Gives up a lease without writing (the load failed), waking waiters so one of them can load.
	 * @param key the entry key
	 * @param token the token of the claim
	 * @param landingChannel where waiting instances listen
	 */
	void releaseLease(String key, String token, String landingChannel);

	/**
	 * Writes an entry unconditionally and revokes any lease on it, so that a load in flight cannot
	 * overwrite it with an older value.
	 * @param key the entry key
	 * @param value the bytes
	 * @param ttl the time to live, or {@code null} for none
	 * @param landingChannel where waiting instances listen
	 */
	void setAndRevokeLease(String key, byte[] value, Duration ttl, String landingChannel);

	/**
	 * Deletes an entry and revokes any lease on it, so that a load in flight cannot write it back.
	 * @param key the entry key
	 * @param landingChannel where waiting instances listen
	 * @return whether the entry existed
	 */
	boolean deleteAndRevokeLease(String key, String landingChannel);

	/**
	 * The lease key of an entry: in the entry's hash slot, never equal to any entry key.
	 * @param key the entry key
	 * @return the lease key
	 */
	static String leaseKey(String key) {
		return "{" + key + "}~lease";
	}

	/**
	 * The waiter flag key of an entry, in the entry's hash slot.
	 * @param key the entry key
	 * @return the flag key
	 */
	static String waiterKey(String key) {
		return "{" + key + "}~wait";
	}

	/**
	 * Whether a key is a metadata key (a cache's generation token) rather than an entry: its last
	 * {@code :}-separated segment starts with {@code ~}, which no encoded entry key does.
	 * @param key a Redis key
	 * @return {@code true} for metadata
	 */
	static boolean isMetadataKey(String key) {
		int colon = key.lastIndexOf(':');
		return colon >= 0 && colon + 1 < key.length() && key.charAt(colon + 1) == '~';
	}

	/**
	 * A fresh metadata token: random, positive and below 2<sup>53</sup> (exact as a Lua number).
	 * @return the token
	 */
	static long newToken() {
		return ThreadLocalRandom.current().nextLong(1, 1L << 53);
	}

	/**
	 * A replaced metadata token.
	 *
	 * @param previous the replaced token, 0 if there was none
	 * @param current the new token
	 */
	record TokenChange(long previous, long current) {
	}

	/**
	 * What {@link #claimLoad(String, String, Duration)} found.
	 *
	 * @param value the entry's bytes when it exists, else {@code null}
	 * @param leased whether the caller now holds the lease
	 */
	record LoadClaim(byte[] value, boolean leased) {

		/** The claim of a caller that must wait for another's load. */
		public static final LoadClaim BUSY = new LoadClaim(null, false);

		/** The claim of a caller that holds the lease. */
		public static final LoadClaim LEASED = new LoadClaim(null, true);

		/**
		 * A claim that found the entry.
		 * @param value its bytes
		 * @return the claim
		 */
		public static LoadClaim found(byte[] value) {
			return new LoadClaim(value, false);
		}

	}

}
