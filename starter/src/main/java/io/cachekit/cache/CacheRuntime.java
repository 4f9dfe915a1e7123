package io.cachekit.cache;

import java.time.Clock;

import io.cachekit.cache.store.CacheStore;

/**
 * The collaborators every cache of one {@link CachekitCacheManager} shares.
 *
 * @param keys the key layout
 * @param store the storage tier
 * @param guard the circuit breaker and failure log
 * @param metadata the local view of generations and tag versions
 * @param invalidator applies and remembers invalidations
 * @param codec the entry layout
 * @param mapper the JSON mapper
 * @param clock the clock stamped on entries
 */
public record CacheRuntime(CacheKeys keys, CacheStore store, CacheGuard guard, CacheMetadata metadata,
		CacheInvalidator invalidator, EntryCodec codec, CacheValueMapper mapper, Clock clock) {
}
