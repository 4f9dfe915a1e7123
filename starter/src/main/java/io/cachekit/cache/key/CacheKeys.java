package io.cachekit.cache.key;

import io.cachekit.cache.store.EntryStore;

/**
 * Lays out the Redis keys of one namespace: {@code <namespace>:<cache>:<key>} for entries,
 * {@code <namespace>:<cache>:~gen} for a cache's generation token and {@code <namespace>:~tag:<tag>}
 * for a tag's version token. Every segment comes from {@link KeyEncoder}, so it holds no {@code :} and
 * no glob or hash-tag character, an encoded key never starts with {@code ~}, and keys of different
 * namespaces and caches never collide with each other or with metadata keys.
 * <p>
 * An entry's key does not depend on the generation (the generation is stored in the entry): anyone who knows
 * the namespace, the cache and the key can evict an entry, whatever generation the instances that cache it
 * are in. In Redis Cluster entries spread over all slots (no hash tag); each cache has a single metadata key,
 * so nothing needs a shared slot.
 */
public final class CacheKeys {

	private final KeyEncoder encoder;

	private final String namespace;

	/**
	 * Creates the layout for a namespace.
	 * @param encoder the encoder of segments
	 * @param namespace the raw namespace, e.g. the application name
	 */
	public CacheKeys(KeyEncoder encoder, String namespace) {
		this.encoder = encoder;
		this.namespace = encoder.encodeName(namespace);
	}

	/**
	 * The encoder used for segments.
	 * @return the encoder
	 */
	public KeyEncoder encoder() {
		return this.encoder;
	}

	/**
	 * The encoded namespace.
	 * @return the namespace segment
	 */
	public String namespace() {
		return this.namespace;
	}

	/**
	 * The prefix shared by every entry of a cache (and by its metadata keys, whose last segment starts with
	 * {@code ~}).
	 * @param cacheSegment the encoded cache name
	 * @return the prefix, ending with {@code :}
	 */
	public String entryPrefix(String cacheSegment) {
		return this.namespace + ":" + cacheSegment + ":";
	}

	/**
	 * The key of one entry.
	 * @param cacheSegment the encoded cache name
	 * @param key the user key
	 * @return the Redis key
	 */
	public String entryKey(String cacheSegment, Object key) {
		return entryPrefix(cacheSegment) + this.encoder.encodeKey(key);
	}

	/**
	 * Whether a key of a cache's prefix is metadata (its generation token) rather than an entry.
	 * @param key a Redis key
	 * @return {@code true} if its last segment starts with {@code ~}
	 */
	public static boolean isMetadata(String key) {
		return EntryStore.isMetadataKey(key);
	}

	/**
	 * The key of a cache's generation counter.
	 * @param cacheSegment the encoded cache name
	 * @return the Redis key
	 */
	public String generationKey(String cacheSegment) {
		return this.namespace + ":" + cacheSegment + ":~gen";
	}

	/**
	 * The key of a tag's version counter.
	 * @param tag the raw tag
	 * @return the Redis key
	 */
	public String tagKey(String tag) {
		return this.namespace + ":~tag:" + this.encoder.encodeName(tag);
	}

	/**
	 * The pub/sub channel on which a load that other instances wait for announces its entry key.
	 * @return the channel name
	 */
	public String landingChannel() {
		return this.namespace + ":~landed";
	}

	/**
	 * The pub/sub channel that carries near-cache invalidations.
	 * @return the channel name
	 */
	public String nearCacheChannel() {
		return this.namespace + ":~near";
	}

	/**
	 * The pub/sub channel on which instances announce generation and tag bumps.
	 * @return the channel name
	 */
	public String eventsChannel() {
		return this.namespace + ":~events";
	}

}
