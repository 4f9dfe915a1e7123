package io.cachekit.demo.support;

import io.cachekit.cache.CacheOperations;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.support.NoOpCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Turns on Spring's caching annotations; the cache manager comes from auto-configuration (cachekit's).
 * {@code demo.cache.enabled=false}, the load run's baseline, declares Spring's {@link NoOpCacheManager}
 * instead: cachekit's cache manager backs off and every cached method runs its loader against MongoDB, while
 * write-behind, locks and rate limits stay as they are.
 */
@Configuration(proxyBeanMethods = false)
@EnableCaching
class CachingConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "demo.cache.enabled", havingValue = false)
	static class CachingDisabledConfiguration {

		@Bean
		NoOpCacheManager cacheManager() {
			return new NoOpCacheManager();
		}

		@Bean
		CacheOperations cacheOperations() {
			return new NoCacheOperations();
		}

	}

}
