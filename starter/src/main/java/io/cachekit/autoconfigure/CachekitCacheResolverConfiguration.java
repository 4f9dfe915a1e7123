package io.cachekit.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cache.annotation.CachingConfigurer;
import org.springframework.cache.interceptor.CacheResolver;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.cachekit.cache.CacheOperations;
import io.cachekit.cache.CachekitCacheManager;
import io.cachekit.cache.CachekitCacheResolver;
import io.cachekit.cache.DefaultCacheOperations;

/**
 * Makes {@code @EnableCaching} resolve caches through {@link CachekitCacheResolver}, and exposes
 * {@link CacheOperations}, whenever the cache manager is cachekit's.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBean(CachekitCacheManager.class)
class CachekitCacheResolverConfiguration {

	@Bean
	@ConditionalOnMissingBean
	CachekitCacheResolver cachekitCacheResolver(CachekitCacheManager cacheManager) {
		return new CachekitCacheResolver(cacheManager);
	}

	@Bean
	@ConditionalOnMissingBean(CachingConfigurer.class)
	static CachingConfigurer cachekitCachingConfigurer(ObjectProvider<CachekitCacheResolver> cachekitCacheResolver) {
		// resolved on first use: the caching advisor is built while post-processors are still being
		// registered, and must not drag the cache manager and Redis client in that early
		return new CachingConfigurer() {

			@Override
			public CacheResolver cacheResolver() {
				return (context) -> cachekitCacheResolver.getObject().resolveCaches(context);
			}

		};
	}

	@Bean
	@ConditionalOnMissingBean
	CacheOperations cacheOperations(CachekitCacheManager cacheManager) {
		return new DefaultCacheOperations(cacheManager);
	}

}
