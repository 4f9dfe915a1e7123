package io.cachekit.cache.access;

import java.time.Clock;

import io.cachekit.cache.guard.GuardedStore;
import io.cachekit.cache.metadata.CacheInvalidator;
import io.cachekit.cache.metadata.CacheMetadata;
import io.cachekit.cache.near.NearTier;
import io.cachekit.cache.stats.CacheStatistics;

/**
 * What the collaborators of one cache share: its names, its view of the store, the entry layout, the metadata
 * and invalidation of the manager, the clock, its counters, its observations and its near tier.
 *
 * @param name the cache name, for the log
 * @param segment the cache's key segment
 * @param store the store behind the cache's guard
 * @param entries the entry layout and the JSON mapper
 * @param metadata the current generations and tag versions
 * @param invalidator evicts entries and says when the cache must bypass Redis
 * @param clock the clock entries are stamped with
 * @param statistics the cache's counters
 * @param observations the cache's observations
 * @param near the near tier, {@link NearTier#NONE} without a near cache
 */
public record CacheScope(String name, String segment, GuardedStore store, Entries entries, CacheMetadata metadata,
		CacheInvalidator invalidator, Clock clock, CacheStatistics statistics, CacheObservations observations,
		NearTier near) {
}
