package io.cachekit.cache.access;

/**
 * A caller's claim on an entry it is about to load: the entry's lease token in Redis, the near-cache stamp
 * and the {@link Stamp} from before the load. A lease without a token cannot write: its holder loads without
 * caching (the wait for another's load ran out, Redis did not answer, or the stamp could not be read).
 *
 * @param key the user key
 * @param storeKey the entry's Redis key, {@code null} if it is unknown
 * @param token the lease token, {@code null} for a lease that cannot write
 * @param nearStamp the near-cache stamp taken before the load
 * @param stamp the generation and tag versions before the load, {@code null} for a lease that cannot write
 */
public record Lease(Object key, String storeKey, String token, long nearStamp, Stamp stamp) {

	/**
	 * A lease that cannot write.
	 * @param key the user key
	 * @param storeKey the entry's Redis key, {@code null} if unknown
	 * @param nearStamp the near-cache stamp
	 * @return the lease
	 */
	public static Lease withoutWrite(Object key, String storeKey, long nearStamp) {
		return new Lease(key, storeKey, null, nearStamp, null);
	}

	/**
	 * Whether the holder may write the value it loads.
	 * @return {@code true} when the lease has a token
	 */
	public boolean canWrite() {
		return this.token != null;
	}

}
