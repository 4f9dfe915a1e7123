package io.cachekit.writebehind.pending;

import io.cachekit.keys.CachekitKeys;

/**
 * Redis key layout of write-behind: {@code {<namespace>:<type>:<id>}~wb} holds an entry (a hash with
 * {@code version}, {@code value} and, while unpersisted, {@code pinned}). Its hash tag is the key of the cached
 * copy of the same entity ({@code <namespace>:<type>:<id>}, cache {@code type}, key {@code id}, encoded like every
 * cachekit key), so the entry, the cached copy and the copy's load lease share one Redis Cluster slot: a save
 * pins its value and drops the cached copy in one script.
 *
 * @param keys the names derived from the namespace
 */
public record WriteBehindKeys(CachekitKeys keys) {

	/**
	 * The entry key.
	 * @param type the entity type (the cache name)
	 * @param id the entity id
	 * @return the Redis key
	 */
	public String entry(String type, String id) {
		return CachekitKeys.writeBehindKey(cachedCopy(type, id));
	}

	/**
	 * The key of the cached copy of an entity: the entry of cache {@code type} for key {@code id}.
	 * @param type the entity type (the cache name)
	 * @param id the entity id
	 * @return the Redis key
	 */
	public String cachedCopy(String type, String id) {
		return this.keys.entryKey(type, id);
	}

}
