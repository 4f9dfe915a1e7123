package io.cachekit.writebehind;

/**
 * Kafka record headers cachekit adds to every write-behind record, so that a record whose payload cannot be
 * read can still be traced to its cache entry.
 */
public final class WriteBehindHeaders {

	/** Header holding the entity type (the cache name). */
	public static final String TYPE = "cachekit-type";

	/** Header holding the version, in decimal. */
	public static final String VERSION = "cachekit-version";

	private WriteBehindHeaders() {
	}

}
