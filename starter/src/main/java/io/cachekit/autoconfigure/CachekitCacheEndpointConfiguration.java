package io.cachekit.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.cachekit.cache.CacheOperations;
import io.cachekit.cache.CachekitCacheManager;
import io.cachekit.cache.actuate.CachekitEndpoint;
import io.cachekit.cache.consistency.ConsistencyMonitor;

/**
 * The {@code cachekit} actuator endpoint, when exposed
 * ({@code management.endpoints.web.exposure.include=cachekit}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
@ConditionalOnBean({ CachekitCacheManager.class, CacheOperations.class })
@ConditionalOnAvailableEndpoint(CachekitEndpoint.class)
class CachekitCacheEndpointConfiguration {

	@Bean
	@ConditionalOnMissingBean
	CachekitEndpoint cachekitEndpoint(CachekitCacheManager cacheManager, CacheOperations cacheOperations,
			ObjectProvider<ConsistencyMonitor> consistencyMonitor) {
		return new CachekitEndpoint(cacheManager, cacheOperations, consistencyMonitor.getIfAvailable());
	}

}
