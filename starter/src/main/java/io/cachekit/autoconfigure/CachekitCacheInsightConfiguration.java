package io.cachekit.autoconfigure;

import java.time.Clock;

import org.redisson.api.RedissonClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.cachekit.cache.CachekitCacheManager;
import io.cachekit.cache.consistency.ConsistencyMonitor;
import io.cachekit.cache.consistency.ConsistencySource;
import io.cachekit.cache.warming.HotKeySharing;

/**
 * What cachekit learns about the caches while they run: the sharing of hot keys in Redis (on with hot-key
 * detection, {@code cachekit.cache.hot-keys.enabled}) and the consistency monitor (off unless
 * {@code cachekit.cache.consistency.enabled=true} and a {@link ConsistencySource} bean exists).
 */
@Configuration(proxyBeanMethods = false)
class CachekitCacheInsightConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(CachekitCacheManager.class)
	@ConditionalOnBooleanProperty(name = "cachekit.cache.hot-keys.enabled", matchIfMissing = true)
	HotKeySharing cachekitHotKeySharing(CachekitCacheManager cacheManager, RedissonClient redisson,
			CachekitCacheProperties properties) {
		CachekitCacheProperties.HotKeys hotKeys = properties.getHotKeys();
		return new HotKeySharing(cacheManager, redisson, hotKeys.getSharedSize(), hotKeys.getShareInterval(),
				hotKeys.getWindow(), Clock.systemUTC());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(ConsistencySource.class)
	@ConditionalOnBooleanProperty("cachekit.cache.consistency.enabled")
	ConsistencyMonitor cachekitConsistencyMonitor(ObjectProvider<ConsistencySource<?>> sources,
			CachekitCacheProperties properties) {
		CachekitCacheProperties.Consistency consistency = properties.getConsistency();
		// sources are looked up once every singleton exists: a source may depend on the cache manager
		return new ConsistencyMonitor(() -> sources.orderedStream().toList(), consistency.getSampleRate(),
				consistency.getDelay(), consistency.getCheckInterval(), consistency.getMaxPending(), Clock.systemUTC());
	}

}
