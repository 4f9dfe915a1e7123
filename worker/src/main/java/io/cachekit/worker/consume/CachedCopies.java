package io.cachekit.worker.consume;

import java.util.List;

import io.cachekit.writebehind.pending.WriteBehindCache.VersionedKey;

/**
 * The copies that applications cache of written-behind keys (their {@code @Cacheable} entries, loaded from
 * MongoDB). The worker evicts the copies of the keys it has persisted: while a key's pin was missing (Redis lost
 * or evicted it) a read may have cached the previous value, and nothing else would replace it before it expires.
 */
@FunctionalInterface
public interface CachedCopies {

	/**
	 * Evicts the cached copies of persisted keys.
	 * @param persisted the keys, with the versions just persisted
	 */
	void evict(List<VersionedKey> persisted);

}
