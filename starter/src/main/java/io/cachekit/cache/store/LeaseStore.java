package io.cachekit.cache.store;

import java.time.Duration;

import io.cachekit.keys.CachekitKeys;

/**
 * The lease protocol that loads each missing entry once across instances: claim an entry's lease (or find its
 * value), write only while holding the lease, give it up, or revoke it by a write or a delete that a load in
 * flight must not undo. A lease's key and its waiter flag share the entry's Redis Cluster slot.
 */
public interface LeaseStore {

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
		return CachekitKeys.leaseKey(key);
	}

	/**
	 * The waiter flag key of an entry, in the entry's hash slot.
	 * @param key the entry key
	 * @return the flag key
	 */
	static String waiterKey(String key) {
		return CachekitKeys.waiterKey(key);
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
