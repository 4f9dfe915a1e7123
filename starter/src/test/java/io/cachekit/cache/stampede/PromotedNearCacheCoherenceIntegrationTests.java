package io.cachekit.cache.stampede;

import io.cachekit.cache.CacheSpec;

/**
 * The near-cache coherence tests, unchanged, with promotion on: the near cache keeps hot keys only, and
 * what it keeps is exactly as fresh (same invalidation delay, same staleness bound after a killed pub/sub
 * connection).
 */
class PromotedNearCacheCoherenceIntegrationTests extends NearCacheCoherenceIntegrationTests {

	@Override
	CacheSpec spec() {
		return super.spec().withNearCachePromotion(true);
	}

}
