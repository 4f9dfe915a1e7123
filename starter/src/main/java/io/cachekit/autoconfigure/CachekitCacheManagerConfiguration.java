package io.cachekit.autoconfigure;

import java.time.Duration;

import io.micrometer.observation.ObservationRegistry;
import org.redisson.api.RedissonClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cache.CacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import io.cachekit.cache.CacheSpec;
import io.cachekit.cache.CachekitCacheManager;
import io.cachekit.cache.WriteSampler;
import io.cachekit.cache.near.InvalidationBus;
import io.cachekit.cache.store.CacheStore;
import io.cachekit.cache.store.ReadCoalescing;
import io.cachekit.cache.store.RedisCacheStore;
import io.cachekit.keys.CachekitKeys;
import io.cachekit.resilience.CachekitResilience;

/**
 * The store and the cache manager, built from {@link CachekitCacheProperties} (which checks itself once
 * bound).
 */
@Configuration(proxyBeanMethods = false)
class CachekitCacheManagerConfiguration {

	private static final long DEFAULT_NEAR_CACHE_SIZE = new CachekitCacheProperties.NearCache().getMaximumSize();

	@Bean
	@ConditionalOnMissingBean
	CacheStore cachekitCacheStore(RedissonClient redisson, CachekitCacheProperties properties,
			ObjectProvider<CachekitResilience> resilience) {
		Duration timeout = resilience(resilience).policy(CachekitResilience.CACHE).timeout();
		return new RedisCacheStore(redisson, timeout, readCoalescing(properties.getReadCoalescing(), redisson));
	}

	private static ReadCoalescing readCoalescing(CachekitCacheProperties.ReadCoalescing properties,
			RedissonClient redisson) {
		boolean enabled = (properties.getEnabled() != null) ? properties.getEnabled()
				: !ReadCoalescing.isCluster(redisson);
		return enabled ? new ReadCoalescing(properties.getMaxInFlight(), properties.getMaxBatch())
				: ReadCoalescing.DISABLED;
	}

	@Bean
	@ConditionalOnMissingBean(CacheManager.class)
	CachekitCacheManager cacheManager(CacheStore cachekitCacheStore, CachekitCacheProperties properties,
			ObjectProvider<CachekitKeys> keys, Environment environment,
			ObjectProvider<CachekitCacheManagerBuilderCustomizer> customizers,
			ObjectProvider<CachekitResilience> resilience, ObjectProvider<WriteSampler> writeSampler,
			ObjectProvider<ObservationRegistry> observations) {
		CachekitCacheProperties.Stampede stampede = properties.getStampede();
		CachekitCacheProperties.Invalidation invalidation = properties.getInvalidation();
		Duration heartbeat = properties.getNearCache().getHeartbeatInterval();
		CachekitCacheManager.Builder builder = CachekitCacheManager.builder(cachekitCacheStore)
			.keys(CachekitAutoConfiguration.keys(keys, environment))
			.defaults(defaults(properties))
			.dynamic(properties.isDynamic())
			.metadataRefresh(invalidation.getMetadataRefresh())
			.tagRetention(invalidation.getTagRetention())
			.cleanupOldGenerations(invalidation.isCleanupOnClear())
			.pendingEvictionsLimit(invalidation.getPendingEvictionsLimit())
			.replayInterval(invalidation.getReplayInterval())
			.resilience(resilience(resilience))
			.leaseTime(stampede.getLeaseTime())
			.leaseWaitTimeout(stampede.getLeaseWaitTimeout())
			.refreshThreads(stampede.getRefreshThreads())
			.asyncThreads(properties.getAsyncThreads())
			.hotKeysTracked(properties.getHotKeys().isEnabled() ? properties.getHotKeys().getTracked() : 0)
			.writeSampler(WriteSampler.of(writeSampler.orderedStream().toList()))
			.observationRegistry(CachekitAutoConfiguration.observations(observations))
			.nearCacheBus((channel, listener) -> new InvalidationBus(cachekitCacheStore, channel, listener, heartbeat));
		CacheSpec defaults = defaults(properties);
		properties.getCaches().forEach((name, cache) -> builder.cache(name, spec(defaults, cache)));
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return builder.build();
	}

	@Bean
	@ConditionalOnMissingBean
	static CacheTtlValidator cacheTtlValidator() {
		return new CacheTtlValidator();
	}

	private static CacheSpec defaults(CachekitCacheProperties properties) {
		CachekitCacheProperties.NearCache near = properties.getNearCache();
		CachekitCacheProperties.Stampede stampede = properties.getStampede();
		return CacheSpec.defaults()
			.withSingleFlight(stampede.isSingleFlight())
			.withEarlyRefreshBeta(stampede.getEarlyRefreshBeta())
			.withStaleTtl(stampede.getStaleTtl())
			.withNearCache(near.isEnabled() ? near.getMaximumSize() : 0, near.getTtl())
			.withNearCachePromotion(near.isPromotion())
			.withSharedHotKeys(properties.getHotKeys().isShared())
			.withTtl(properties.getDefaultTtl())
			.withJitter(properties.getJitter())
			.withCacheNulls(properties.isCacheNulls())
			.withNullTtl(properties.getNullTtl())
			.withCompressionThreshold((int) properties.getCompressionThreshold().toBytes());
	}

	private static CacheSpec spec(CacheSpec defaults, CachekitCacheProperties.Cache cache) {
		CacheSpec spec = defaults.withNoExpiry(cache.isNoExpiry());
		if (cache.getTtl() != null) {
			spec = spec.withTtl(cache.getTtl());
		}
		if (cache.getJitter() != null) {
			spec = spec.withJitter(cache.getJitter());
		}
		if (cache.getCacheNulls() != null) {
			spec = spec.withCacheNulls(cache.getCacheNulls());
		}
		if (cache.getNullTtl() != null) {
			spec = spec.withNullTtl(cache.getNullTtl());
		}
		if (cache.getCompressionThreshold() != null) {
			spec = spec.withCompressionThreshold((int) cache.getCompressionThreshold().toBytes());
		}
		CachekitCacheProperties.CacheStampede stampede = cache.getStampede();
		if (stampede.getSingleFlight() != null) {
			spec = spec.withSingleFlight(stampede.getSingleFlight());
		}
		if (stampede.getEarlyRefreshBeta() != null) {
			spec = spec.withEarlyRefreshBeta(stampede.getEarlyRefreshBeta());
		}
		if (stampede.getStaleTtl() != null) {
			spec = spec.withStaleTtl(stampede.getStaleTtl());
		}
		if (cache.getHotKeys().getShared() != null) {
			spec = spec.withSharedHotKeys(cache.getHotKeys().getShared());
		}
		return nearCache(spec, cache.getNearCache());
	}

	private static CacheSpec nearCache(CacheSpec spec, CachekitCacheProperties.CacheNearCache near) {
		boolean enabled = (near.getEnabled() != null) ? near.getEnabled() : spec.nearCacheEnabled();
		Duration ttl = (near.getTtl() != null) ? near.getTtl() : spec.nearCacheTtl();
		long size = (near.getMaximumSize() != null) ? near.getMaximumSize()
				: (spec.nearCacheEnabled() ? spec.nearCacheMaximumSize() : DEFAULT_NEAR_CACHE_SIZE);
		spec = spec.withNearCache(enabled ? size : 0, ttl);
		return (near.getPromotion() != null) ? spec.withNearCachePromotion(near.getPromotion()) : spec;
	}

	private static CachekitResilience resilience(ObjectProvider<CachekitResilience> resilience) {
		return resilience.getIfAvailable(CachekitResilience::withDefaults);
	}

}
