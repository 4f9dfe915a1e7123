package io.cachekit.autoconfigure;

import org.springframework.aop.Advisor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cache.annotation.CachingConfigurer;
import org.springframework.cache.interceptor.CacheResolver;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;

import io.cachekit.CachekitAdvisorOrder;
import io.cachekit.cache.CacheOperations;
import io.cachekit.cache.CacheableEach;
import io.cachekit.cache.CacheableEachInterceptor;
import io.cachekit.cache.CachekitCacheManager;
import io.cachekit.cache.CachekitCacheResolver;
import io.cachekit.cache.DefaultCacheOperations;

/**
 * Makes {@code @EnableCaching} resolve caches through {@link CachekitCacheResolver}, runs {@link CacheableEach}
 * methods, and exposes {@link CacheOperations}, whenever the cache manager is cachekit's.
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
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	@ConditionalOnMissingBean(name = "cacheableEachAdvisor")
	static Advisor cacheableEachAdvisor(ObjectProvider<CachekitCacheManager> cacheManager) {
		DefaultPointcutAdvisor advisor = new DefaultPointcutAdvisor(
				new AnnotationMatchingPointcut(null, CacheableEach.class, true),
				new CacheableEachInterceptor(cacheManager::getObject));
		advisor.setOrder(CachekitAdvisorOrder.CACHING);
		return advisor;
	}

	@Bean
	@ConditionalOnMissingBean
	CacheOperations cacheOperations(CachekitCacheManager cacheManager) {
		return new DefaultCacheOperations(cacheManager);
	}

}
