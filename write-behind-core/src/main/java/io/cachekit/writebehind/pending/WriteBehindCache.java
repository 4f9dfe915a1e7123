package io.cachekit.writebehind.pending;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The cache side of write-behind: the seam between the publisher and worker and whichever cache holds the
 * entries. Every operation is conditional on versions so that a late, older update can never replace a newer
 * entry.
 */
public interface WriteBehindCache {

	/**
	 * Stores an acknowledged value, pinned (kept however long the worker needs) until {@link #release}.
	 * Does nothing if the entry already holds this version or a newer one.
	 * @param type the entity type (cache name)
	 * @param id the entity id (cache key)
	 * @param version the version of the value
	 * @param json the value as JSON
	 * @return whether the entry was written
	 */
	boolean pin(String type, String id, long version, String json);

	/**
	 * A save's whole Redis work: pins like {@link #pin} and, where the cache can do it in the same call, deletes
	 * the cached copy of the entity and revokes its load lease, in that order, so that a load in flight cannot
	 * write an older value over the save. The default pins and leaves the copy to the caller.
	 * @param type the entity type (cache name)
	 * @param id the entity id (cache key)
	 * @param version the version of the value
	 * @param json the value as JSON
	 * @param cachedCopy the Redis key of the cached copy (the entry of cache {@code type} for key {@code id})
	 * @return whether the entry was written and whether the cached copy was dealt with
	 */
	default Pinned pinDroppingCachedCopy(String type, String id, long version, String json, String cachedCopy) {
		return new Pinned(pin(type, id, version, json), false);
	}

	/**
	 * Reports that a version is persisted: an entry holding exactly this version is unpinned and expires like
	 * any cached value; a newer entry is kept. Where the entry is missing or older (the pin of this version was
	 * lost, never written because the publisher died after the acknowledgement, or not written yet because the
	 * worker was faster than the publisher), the entry keeps only this version, with no value, for as long as a
	 * released entry lives: the next read loads the persisted version, and a late pin of this version is refused
	 * instead of staying pinned until its safety-net expiry.
	 * @param type the entity type
	 * @param id the entity id
	 * @param version the persisted version
	 * @return {@code false} if this version was not pinned: the pin was lost (Redis lost data or evicted it)
	 * or never written, so a copy cached meanwhile from the database may be older than this version
	 */
	boolean release(String type, String id, long version);

	/**
	 * Reports that several versions are persisted, as one round trip where the cache allows.
	 * @param persisted the persisted versions
	 * @return the versions that were not pinned (see {@link #release})
	 */
	default List<VersionedKey> releaseAll(Collection<VersionedKey> persisted) {
		List<VersionedKey> unpinned = new ArrayList<>();
		for (VersionedKey key : persisted) {
			if (!release(key.type(), key.id(), key.version())) {
				unpinned.add(key);
			}
		}
		return unpinned;
	}

	/**
	 * Removes the entry if it holds this version or an older one, e.g. when the update was dead-lettered. Unless
	 * the version is {@code Long.MAX_VALUE}, the entry keeps only this version, with no value, for as long as a
	 * released entry lives, so that a late pin of this version cannot bring the value back.
	 * @param type the entity type
	 * @param id the entity id
	 * @param version the version to evict, or {@code Long.MAX_VALUE} for whatever the entry holds
	 */
	void evict(String type, String id, long version);

	/**
	 * Reads an entry.
	 * @param type the entity type
	 * @param id the entity id
	 * @return the entry, or {@code null} if there is none or it keeps only a version (see {@link #release})
	 */
	Entry get(String type, String id);

	/**
	 * One version of one key.
	 *
	 * @param type the entity type
	 * @param id the entity id
	 * @param version the version
	 */
	record VersionedKey(String type, String id, long version) {

	}

	/**
	 * What {@link #pinDroppingCachedCopy} did.
	 *
	 * @param written whether the entry was written (no version at least as new was there)
	 * @param cachedCopyDropped whether the call also deleted the cached copy (if there was one) and revoked its
	 * load lease; if not, the caller evicts it
	 */
	record Pinned(boolean written, boolean cachedCopyDropped) {

	}

	/**
	 * A cached value with its version.
	 *
	 * @param version the version
	 * @param json the value as JSON
	 * @param pinned whether the entry waits for the worker
	 */
	record Entry(long version, String json, boolean pinned) {

	}

}
