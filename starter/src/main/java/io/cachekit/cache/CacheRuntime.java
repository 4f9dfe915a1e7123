package io.cachekit.cache;

import java.time.Clock;

import io.micrometer.observation.ObservationRegistry;

import io.cachekit.cache.access.PendingValues;
import io.cachekit.cache.entry.CacheValueMapper;
import io.cachekit.cache.entry.EntryCodec;
import io.cachekit.cache.guard.CacheGuard;
import io.cachekit.cache.lease.LoadCoordination;
import io.cachekit.cache.metadata.CacheInvalidator;
import io.cachekit.cache.metadata.CacheMetadata;
import io.cachekit.cache.near.InvalidationBus;
import io.cachekit.cache.near.NearCaches;
import io.cachekit.cache.store.CacheStore;
import io.cachekit.keys.CachekitKeys;

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
 * @param coordination load leases, landings and background refreshes
 * @param nearCaches the near caches of this instance, {@code null} without an invalidation bus
 * @param bus the near-cache invalidation bus, {@code null} if no cache has a near cache
 * @param pending values written but maybe not yet in the database, {@code null} if there is no such source
 * @param async the threads that run lookups for {@code Cache.retrieve}
 * @param hotKeysTracked how many hot keys each cache tracks when its near cache does not promote (which
 * tracks as many as the near cache holds); 0 turns detection off for caches without promotion
 * @param writes told of sampled writes, for the consistency monitor; {@link WriteSampler#NONE} when off
 * @param observations the application's observation registry (gets, loads and lease waits are observed through
 * it), {@link ObservationRegistry#NOOP} to observe nothing
 */
public record CacheRuntime(CachekitKeys keys, CacheStore store, CacheGuard guard, CacheMetadata metadata,
		CacheInvalidator invalidator, EntryCodec codec, CacheValueMapper mapper, Clock clock,
		LoadCoordination coordination, NearCaches nearCaches, InvalidationBus bus, PendingValues pending,
		AsyncLookups async, int hotKeysTracked, WriteSampler writes, ObservationRegistry observations) {
}
