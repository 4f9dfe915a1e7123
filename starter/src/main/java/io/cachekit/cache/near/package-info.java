/**
 * The near cache: an in-process Caffeine tier in front of Redis, kept coherent across instances by
 * invalidation messages on a Redis pub/sub channel. Messages carry a sequence number per publisher and
 * cache; a gap, a re-subscription or a missing heartbeat clears the affected entries, and the near
 * cache's own TTL is the hard bound on staleness.
 */
package io.cachekit.cache.near;
