package io.cachekit.writebehind;

/**
 * Redis key layout of write-behind: {@code <prefix>:{<type>:<id>}} holds the cache entry (a hash with
 * {@code version}, {@code value} and, while unpersisted, {@code pinned}) and
 * {@code <prefix>:{<type>:<id>}:version} the key's version counter. The hash tag keeps both in one Redis
 * Cluster slot.
 *
 * @param prefix the key prefix, e.g. {@code cachekit:wb}
 */
public record WriteBehindKeys(String prefix) {

	/**
	 * The cache entry key.
	 * @param type the entity type
	 * @param id the entity id
	 * @return the Redis key
	 */
	public String entry(String type, String id) {
		return this.prefix + ":{" + type + ":" + id + "}";
	}

	/**
	 * The version counter key.
	 * @param type the entity type
	 * @param id the entity id
	 * @return the Redis key
	 */
	public String version(String type, String id) {
		return entry(type, id) + ":version";
	}

}
