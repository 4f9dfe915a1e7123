package io.cachekit.demo.support;

import java.time.Duration;

import io.cachekit.cache.CacheOperations;
import io.cachekit.cache.RemainingTtl;

/**
 * {@link CacheOperations} when the demo caches nothing ({@code demo.cache.enabled=false}): there is never an
 * entry, so every operation finds none.
 */
final class NoCacheOperations implements CacheOperations {

	@Override
	public RemainingTtl remainingTtl(String cacheName, Object key) {
		return new RemainingTtl(false, null);
	}

	@Override
	public boolean expire(String cacheName, Object key, Duration ttl) {
		return false;
	}

	@Override
	public boolean persist(String cacheName, Object key) {
		return false;
	}

	@Override
	public boolean evict(String cacheName, Object key) {
		return false;
	}

	@Override
	public long evictMatching(String cacheName, String pattern) {
		return 0;
	}

	@Override
	public void evictTag(String tag) {
	}

	@Override
	public void clear(String cacheName) {
	}

}
