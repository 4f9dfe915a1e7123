package io.cachekit.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.cachekit.cache.CachekitCacheManager;
import io.cachekit.cache.actuate.CachekitCacheMetrics;
import io.cachekit.cache.consistency.ConsistencyMonitor;

/**
 * Binds cachekit's cache meters to the application's {@link MeterRegistry} once every singleton exists,
 * so the order of metrics auto-configuration does not matter.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
@ConditionalOnBean(CachekitCacheManager.class)
class CachekitCacheMetricsConfiguration {

	@Bean
	SmartInitializingSingleton cachekitCacheMetricsBinder(CachekitCacheManager cacheManager,
			ObjectProvider<MeterRegistry> registries, ObjectProvider<ConsistencyMonitor> consistencyMonitor) {
		return () -> registries.orderedStream().findFirst().ifPresent((registry) -> {
			CachekitCacheMetrics.bind(cacheManager, registry);
			consistencyMonitor.ifAvailable((monitor) -> CachekitCacheMetrics.bind(monitor, registry));
		});
	}

}
