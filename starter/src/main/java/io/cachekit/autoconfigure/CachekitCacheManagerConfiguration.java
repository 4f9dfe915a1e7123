package io.cachekit.autoconfigure;

import java.time.Duration;
import java.util.Map;

import org.redisson.api.RedissonClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.cache.CacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

import io.cachekit.cache.CacheSpec;
import io.cachekit.cache.CachekitCacheManager;
import io.cachekit.cache.near.InvalidationBus;
import io.cachekit.cache.store.CacheStore;
import io.cachekit.cache.store.ReadCoalescing;
import io.cachekit.cache.store.RedisCacheStore;
import io.cachekit.resilience.CachekitResilience;

/**
 * The store and the cache manager, built from {@link CachekitCacheProperties}; bad values fail startup
 * naming the property.
 */
@Configuration(proxyBeanMethods = false)
class CachekitCacheManagerConfiguration {

	private static final String PREFIX = "cachekit.cache.";

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
		if (!enabled) {
			return ReadCoalescing.DISABLED;
		}
		return new ReadCoalescing(atLeastOne(properties.getMaxInFlight(), "read-coalescing.max-in-flight"),
				atLeastOne(properties.getMaxBatch(), "read-coalescing.max-batch"));
	}

	@Bean
	@ConditionalOnMissingBean(CacheManager.class)
	CachekitCacheManager cacheManager(CacheStore cachekitCacheStore, CachekitCacheProperties properties,
			Environment environment, ObjectProvider<CachekitCacheManagerBuilderCustomizer> customizers,
			ObjectProvider<CachekitResilience> resilience) {
		CachekitCacheManager.Builder builder = CachekitCacheManager.builder(cachekitCacheStore)
			.namespace(namespace(properties, environment))
			.defaults(defaults(properties))
			.dynamic(properties.isDynamic())
			.maxKeyLength(maxKeyLength(properties))
			.metadataRefresh(requirePositive(properties.getMetadataRefresh(), "metadata-refresh"))
			.tagRetention(requirePositive(properties.getTagRetention(), "tag-retention"))
			.cleanupOldGenerations(properties.isCleanupOnClear())
			.pendingEvictionsLimit(pendingLimit(properties))
			.replayInterval(requirePositive(properties.getResilience().getReplayInterval(), "resilience.replay-interval"))
			.resilience(resilience(resilience))
			.leaseTime(requirePositive(properties.getLeaseTime(), "lease-time"))
			.leaseWaitTimeout(requirePositive(properties.getLeaseWaitTimeout(), "lease-wait-timeout"))
			.refreshThreads(atLeastOne(properties.getRefreshThreads(), "refresh-threads"));
		Duration heartbeat = requirePositive(properties.getNearCache().getHeartbeatInterval(),
				"near-cache.heartbeat-interval");
		builder.nearCacheBus((channel, listener) -> new InvalidationBus(cachekitCacheStore, channel, listener, heartbeat));
		CacheSpec defaults = defaults(properties);
		for (Map.Entry<String, CachekitCacheProperties.Cache> entry : properties.getCaches().entrySet()) {
			builder.cache(entry.getKey(), spec(defaults, entry.getKey(), entry.getValue()));
		}
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return builder.build();
	}

	@Bean
	@ConditionalOnMissingBean
	static CacheTtlValidator cacheTtlValidator() {
		return new CacheTtlValidator();
	}

	private static String namespace(CachekitCacheProperties properties, Environment environment) {
		if (properties.getNamespace() != null) {
			if (!StringUtils.hasText(properties.getNamespace())) {
				throw new InvalidConfigurationPropertyValueException(PREFIX + "namespace", properties.getNamespace(),
						"The namespace must not be blank; remove it to use spring.application.name");
			}
			return properties.getNamespace().strip();
		}
		String application = environment.getProperty("spring.application.name");
		return StringUtils.hasText(application) ? application.strip() : "app";
	}

	private static CacheSpec defaults(CachekitCacheProperties properties) {
		CachekitCacheProperties.NearCache near = properties.getNearCache();
		return CacheSpec.defaults()
			.withSingleFlight(properties.isSingleFlight())
			.withEarlyRefreshBeta(beta(properties.getEarlyRefreshBeta(), "early-refresh-beta"))
			.withStaleTtl((properties.getStaleTtl() != null) ? requirePositive(properties.getStaleTtl(), "stale-ttl") : null)
			.withNearCache(near.isEnabled() ? atLeastOne(near.getMaximumSize(), "near-cache.maximum-size") : 0,
					requirePositive(near.getTtl(), "near-cache.ttl"))
			.withTtl(requirePositive(properties.getDefaultTtl(), "default-ttl"))
			.withJitter(jitter(properties.getJitter(), "jitter"))
			.withCacheNulls(properties.isCacheNulls())
			.withNullTtl(requirePositive(properties.getNullTtl(), "null-ttl"))
			.withCompressionThreshold(threshold(properties.getCompressionThreshold().toBytes(), "compression-threshold"));
	}

	private static CacheSpec spec(CacheSpec defaults, String name, CachekitCacheProperties.Cache cache) {
		String path = "caches." + (name.matches("[a-z0-9-]+") ? name : "[" + name + "]") + ".";
		CacheSpec spec = defaults.withNoExpiry(cache.isNoExpiry());
		if (cache.getTtl() != null) {
			spec = spec.withTtl(requirePositive(cache.getTtl(), path + "ttl"));
		}
		if (cache.getJitter() != null) {
			spec = spec.withJitter(jitter(cache.getJitter(), path + "jitter"));
		}
		if (cache.getCacheNulls() != null) {
			spec = spec.withCacheNulls(cache.getCacheNulls());
		}
		if (cache.getNullTtl() != null) {
			spec = spec.withNullTtl(requirePositive(cache.getNullTtl(), path + "null-ttl"));
		}
		if (cache.getCompressionThreshold() != null) {
			spec = spec.withCompressionThreshold(
					threshold(cache.getCompressionThreshold().toBytes(), path + "compression-threshold"));
		}
		if (cache.getSingleFlight() != null) {
			spec = spec.withSingleFlight(cache.getSingleFlight());
		}
		if (cache.getEarlyRefreshBeta() != null) {
			spec = spec.withEarlyRefreshBeta(beta(cache.getEarlyRefreshBeta(), path + "early-refresh-beta"));
		}
		if (cache.getStaleTtl() != null) {
			spec = spec.withStaleTtl(requirePositive(cache.getStaleTtl(), path + "stale-ttl"));
		}
		spec = nearCache(spec, path, cache.getNearCache());
		return spec;
	}

	private static CacheSpec nearCache(CacheSpec spec, String path, CachekitCacheProperties.CacheNearCache near) {
		boolean enabled = (near.getEnabled() != null) ? near.getEnabled() : spec.nearCacheEnabled();
		Duration ttl = (near.getTtl() != null) ? requirePositive(near.getTtl(), path + "near-cache.ttl")
				: spec.nearCacheTtl();
		long size = (near.getMaximumSize() != null) ? atLeastOne(near.getMaximumSize(), path + "near-cache.maximum-size")
				: (spec.nearCacheEnabled() ? spec.nearCacheMaximumSize() : DEFAULT_NEAR_CACHE_SIZE);
		return spec.withNearCache(enabled ? size : 0, ttl);
	}

	private static double beta(double value, String property) {
		if (!(value >= 0 && Double.isFinite(value))) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + property, value,
					"The factor must be a finite number of at least 0: 0 turns early refresh off, 1 is the usual choice");
		}
		return value;
	}

	private static long atLeastOne(long value, String property) {
		if (value < 1) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + property, value, "The value must be at least 1");
		}
		return value;
	}

	private static int atLeastOne(int value, String property) {
		return (int) atLeastOne((long) value, property);
	}

	private static Duration requirePositive(Duration value, String property) {
		if (value == null || value.isNegative() || value.isZero()) {
			String hint = (property.endsWith(".ttl") && !property.endsWith("near-cache.ttl")) || property.equals("default-ttl")
					? "TTLs must be positive; to keep a cache's entries forever set cachekit.cache.caches.<name>.no-expiry=true"
					: "The value must be a positive duration, e.g. 250ms or 10m";
			throw new InvalidConfigurationPropertyValueException(PREFIX + property, value, hint);
		}
		return value;
	}

	private static double jitter(double value, String property) {
		if (!(value >= 0 && value < 1)) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + property, value,
					"Jitter must be at least 0 and below 1, e.g. 0.1 for plus or minus 10 %");
		}
		return value;
	}

	private static int threshold(long bytes, String property) {
		if (bytes < 0 || bytes > Integer.MAX_VALUE) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + property, bytes + "B",
					"The threshold must be between 0 (no compression) and 2GB");
		}
		return (int) bytes;
	}

	private static int maxKeyLength(CachekitCacheProperties properties) {
		if (properties.getMaxKeyLength() < 113) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "max-key-length",
					properties.getMaxKeyLength(), "The limit must be at least 113 characters");
		}
		return properties.getMaxKeyLength();
	}

	private static int pendingLimit(CachekitCacheProperties properties) {
		int limit = properties.getResilience().getPendingEvictionsLimit();
		if (limit < 1) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "resilience.pending-evictions-limit", limit,
					"The limit must be at least 1");
		}
		return limit;
	}

	private static CachekitResilience resilience(ObjectProvider<CachekitResilience> resilience) {
		return resilience.getIfAvailable(CachekitResilience::withDefaults);
	}

}
