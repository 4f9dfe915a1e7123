package io.cachekit.writebehind.envelope;

/**
 * Kafka record headers of write-behind records, so that a record whose payload cannot be read can still be
 * traced to its cache entry, and so that a record keeps its version when it is copied to another topic.
 */
public final class WriteBehindHeaders {

	/** Header holding the entity type (the cache name). */
	public static final String TYPE = "cachekit-type";

	/** Header holding the version epoch of the publisher, in decimal ({@link WriteBehindVersions}). */
	public static final String EPOCH = "cachekit-epoch";

	/**
	 * Header holding an explicit version, in decimal: set on records copied from another topic (a dead-letter
	 * replay), and by publishers before 0.2, whose versions came from Redis counters. Without it, a record's
	 * version is derived from its own offset and {@link #EPOCH}.
	 */
	public static final String VERSION = "cachekit-version";

	private WriteBehindHeaders() {
	}

}
