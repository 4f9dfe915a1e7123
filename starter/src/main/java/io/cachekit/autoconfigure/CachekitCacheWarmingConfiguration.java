package io.cachekit.autoconfigure;


import org.redisson.api.RedissonClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.cachekit.cache.CachekitCacheManager;
import io.cachekit.cache.warming.CacheWarmer;
import io.cachekit.cache.warming.CacheWarmingRunner;
import io.cachekit.cache.warming.HotKeySharing;

/**
 * Runs {@link CacheWarmer} beans when there are any; {@code cachekit.cache.warming.enabled=false} turns
 * warming off.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "cachekit.cache.warming.enabled", matchIfMissing = true)
@ConditionalOnBean({ CacheWarmer.class, CachekitCacheManager.class })
class CachekitCacheWarmingConfiguration {

	@Bean
	@ConditionalOnMissingBean
	CacheWarmingRunner cacheWarmingRunner(CachekitCacheManager cacheManager, RedissonClient redisson,
			ObjectProvider<CacheWarmer> warmers, CachekitCacheProperties properties,
			ObjectProvider<HotKeySharing> hotKeySharing) {
		CachekitCacheProperties.Warming warming = properties.getWarming();
		return new CacheWarmingRunner(cacheManager, redisson, warmers.orderedStream().toList(), warming.getInterval(),
				warming.getRefreshBelow(), hotKeySharing.getIfAvailable());
	}

}
