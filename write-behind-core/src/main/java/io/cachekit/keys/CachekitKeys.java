package io.cachekit.keys;

/**
 * Every name cachekit derives from one namespace (by default the application's name), so that applications
 * sharing a Redis or a Kafka cluster never collide:
 * <ul>
 * <li>{@code <ns>:<cache>:<key>} for cache entries, {@code <ns>:<cache>:~gen} for a cache's generation token,
 * {@code {<entry>}~lease} and {@code {<entry>}~wait} for its load lease and waiter flag, {@code {<entry>}~wb} for
 * the write-behind entry of the same entity (type = cache, id = key);</li>
 * <li>{@code <ns>:~tag:<tag>} for a tag's version token, {@code <ns>:~events}, {@code <ns>:~landed} and
 * {@code <ns>:~near} for the pub/sub channels;</li>
 * <li>{@code <ns>:~lock:<name>} for locks, {@code <ns>:~rate:} before rate-limit keys;</li>
 * <li>{@code <ns>.write-behind} for the write-behind Kafka topic.</li>
 * </ul>
 * Every segment comes from {@link KeyEncoder}, so it holds no {@code :} and no glob or hash-tag character, and
 * an encoded name never starts with {@code ~}: no cache can be named like a family, and entry keys never
 * collide with metadata keys (whose last segment starts with {@code ~}).
 * <p>
 * An entry's key does not depend on the generation (the generation is stored in the entry): anyone who knows
 * the namespace, the cache and the key can evict an entry, whatever generation the instances that cache it
 * are in.
 */
public final class CachekitKeys {

	/** Letters, digits, {@code .}, {@code _} and {@code -}: valid in Redis keys and Kafka topic names alike. */
	public static final String NAMESPACE_PATTERN = "[A-Za-z0-9._-]{1,100}";

	/** The longest encoded segment kept as is by default. */
	public static final int DEFAULT_MAX_KEY_LENGTH = 256;

	private final KeyEncoder encoder;

	private final String namespace;

	/**
	 * Creates the names of a namespace.
	 * @param encoder the encoder of segments
	 * @param namespace the namespace, e.g. the application name
	 */
	public CachekitKeys(KeyEncoder encoder, String namespace) {
		this.encoder = encoder;
		this.namespace = encoder.encodeName(namespace);
	}

	/**
	 * The names of a namespace with the default key encoder (segments up to 256 characters kept as they are).
	 * @param namespace the namespace
	 * @return the names
	 */
	public static CachekitKeys of(String namespace) {
		return new CachekitKeys(new KeyEncoder(DEFAULT_MAX_KEY_LENGTH), namespace);
	}

	/**
	 * A namespace made from an application name: characters that are not allowed become {@code -}.
	 * @param applicationName e.g. {@code spring.application.name}, may be {@code null}
	 * @return the namespace, {@code app} when there is no name
	 */
	public static String namespaceOf(String applicationName) {
		if (applicationName == null || applicationName.isBlank()) {
			return "app";
		}
		String cleaned = applicationName.strip().replaceAll("[^A-Za-z0-9._-]", "-");
		return (cleaned.length() > 100) ? cleaned.substring(0, 100) : cleaned;
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
	 * The key of one cache entry.
	 * @param cacheName the cache name
	 * @param key the user key
	 * @return the Redis key
	 */
	public String entryKey(String cacheName, Object key) {
		return entryPrefix(this.encoder.encodeName(cacheName)) + this.encoder.encodeKey(key);
	}

	/**
	 * The key of an entry's load lease; it shares the entry's Redis Cluster slot.
	 * @param entryKey the entry's key
	 * @return the lease key
	 */
	public static String leaseKey(String entryKey) {
		return "{" + entryKey + "}~lease";
	}

	/**
	 * The key of the flag that callers wait for an entry's load; it shares the entry's slot.
	 * @param entryKey the entry's key
	 * @return the waiter key
	 */
	public static String waiterKey(String entryKey) {
		return "{" + entryKey + "}~wait";
	}

	/**
	 * The key of the write-behind entry of an entity, in the slot of its cached copy.
	 * @param entryKey the key of the cached copy ({@link #entryKey(String, Object)} of cache type, key id)
	 * @return the write-behind entry key
	 */
	public static String writeBehindKey(String entryKey) {
		return "{" + entryKey + "}~wb";
	}

	/**
	 * Whether a key holds metadata (a generation, a tag version, a lease) rather than an entry.
	 * @param key a Redis key
	 * @return {@code true} if its last segment starts with {@code ~}
	 */
	public static boolean isMetadata(String key) {
		int colon = key.lastIndexOf(':');
		return colon >= 0 && colon + 1 < key.length() && key.charAt(colon + 1) == '~';
	}

	/**
	 * The key of a cache's generation token.
	 * @param cacheSegment the encoded cache name
	 * @return the Redis key
	 */
	public String generationKey(String cacheSegment) {
		return this.namespace + ":" + cacheSegment + ":~gen";
	}

	/**
	 * The key of a tag's version token.
	 * @param tag the tag
	 * @return the Redis key
	 */
	public String tagKey(String tag) {
		return this.namespace + ":~tag:" + this.encoder.encodeName(tag);
	}

	/**
	 * The channel on which a load announces its entry to waiters.
	 * @return the channel name
	 */
	public String landingChannel() {
		return this.namespace + ":~landed";
	}

	/**
	 * The channel of near-cache invalidations.
	 * @return the channel name
	 */
	public String nearCacheChannel() {
		return this.namespace + ":~near";
	}

	/**
	 * The channel of invalidation events (clears, tag evictions).
	 * @return the channel name
	 */
	public String eventsChannel() {
		return this.namespace + ":~events";
	}

	/**
	 * The prefix of lock keys; a lock's key is the prefix and its name.
	 * @return the prefix, ending with {@code :}
	 */
	public String lockPrefix() {
		return this.namespace + ":~lock:";
	}

	/**
	 * The prefix of rate-limit keys.
	 * @return the prefix, ending with {@code :}
	 */
	public String rateLimitPrefix() {
		return this.namespace + ":~rate:";
	}

	/**
	 * The Kafka topic of write-behind updates.
	 * @return the topic name
	 */
	public String writeBehindTopic() {
		return this.namespace + ".write-behind";
	}

}
