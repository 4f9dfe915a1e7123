package io.cachekit.writebehind.pending;

import io.cachekit.keys.CachekitKeys;
import io.cachekit.keys.KeyEncoder;

/**
 * Redis key layout of write-behind: {@code <namespace>:~wb:{<type>:<id>}} holds an entry (a hash with
 * {@code version}, {@code value} and, while unpersisted, {@code pinned}). The type and the id are encoded
 * like every other cachekit key ({@link KeyEncoder}); the hash tag keeps an entry in one Redis Cluster slot.
 *
 * @param prefix the key prefix, e.g. {@code shop:~wb:}
 * @param encoder encodes types and ids
 */
public record WriteBehindKeys(String prefix, KeyEncoder encoder) {

	/**
	 * The layout of a namespace.
	 * @param keys the names derived from the namespace
	 */
	public WriteBehindKeys(CachekitKeys keys) {
		this(keys.writeBehindPrefix(), keys.encoder());
	}

	/**
	 * The entry key.
	 * @param type the entity type (the cache name)
	 * @param id the entity id
	 * @return the Redis key
	 */
	public String entry(String type, String id) {
		return this.prefix + "{" + this.encoder.encodeName(type) + ":" + this.encoder.encodeKey(id) + "}";
	}

}
