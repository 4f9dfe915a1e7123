package io.cachekit.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.cachekit.cache.CachekitCacheManager;
import io.cachekit.cache.actuate.CachekitCacheHealthIndicator;

/**
 * The {@code cachekit} health indicator (turn it off with {@code management.health.cachekit.enabled=false}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
@ConditionalOnBean(CachekitCacheManager.class)
@ConditionalOnEnabledHealthIndicator("cachekit")
class CachekitCacheHealthConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "cachekitHealthIndicator")
	CachekitCacheHealthIndicator cachekitHealthIndicator(CachekitCacheManager cacheManager) {
		return new CachekitCacheHealthIndicator(cacheManager);
	}

}
