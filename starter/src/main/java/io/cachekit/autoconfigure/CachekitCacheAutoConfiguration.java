package io.cachekit.autoconfigure;

import org.redisson.api.RedissonClient;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cache.CacheManager;
import org.springframework.cache.interceptor.CacheAspectSupport;
import org.springframework.context.annotation.Import;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of cachekit's
 * Redis cache. When the application uses {@code @EnableCaching} and a {@link RedissonClient} exists, it
 * provides a {@code CachekitCacheManager}, the cache resolver that binds each call to its return type,
 * {@code @CacheTtl} and {@code @CacheTags}, a {@code CacheOperations} bean, the runner of {@code CacheWarmer} beans, and the metrics, health and
 * actuator parts when their libraries are present.
 */
@AutoConfiguration(after = CachekitResilienceAutoConfiguration.class,
		afterName = "org.redisson.spring.starter.RedissonAutoConfigurationV4",
		beforeName = "org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration")
@ConditionalOnBooleanProperty(name = "cachekit.enabled", matchIfMissing = true)
@ConditionalOnClass({ RedissonClient.class, CacheManager.class })
@ConditionalOnBean({ RedissonClient.class, CacheAspectSupport.class })
@EnableConfigurationProperties(CachekitCacheProperties.class)
@Import({ CachekitCacheManagerConfiguration.class, CachekitCacheResolverConfiguration.class,
		CachekitCacheMetricsConfiguration.class, CachekitCacheHealthConfiguration.class,
		CachekitCacheEndpointConfiguration.class, CachekitCacheWarmingConfiguration.class,
		CachekitCacheInsightConfiguration.class })
public class CachekitCacheAutoConfiguration {

}
