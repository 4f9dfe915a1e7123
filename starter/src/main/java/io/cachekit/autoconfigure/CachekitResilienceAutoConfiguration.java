package io.cachekit.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.redisson.api.RedissonClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.cachekit.lock.LockTemplate;
import io.cachekit.ratelimit.RateLimitEnforcer;
import io.cachekit.resilience.CachekitResilience;
import io.cachekit.resilience.RedisMemoryPolicyCheck;
import io.cachekit.resilience.RedisReadModeCheck;
import io.cachekit.resilience.ResiliencePolicy;
import io.cachekit.resilience.actuate.CachekitResilienceHealthIndicator;
import io.cachekit.resilience.actuate.CachekitResilienceMetrics;
import io.cachekit.writebehind.WriteBehindTemplate;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of the
 * {@link CachekitResilience} registry every cachekit feature takes its circuit breaker and timeout from,
 * built from {@link CachekitResilienceProperties}; a bad value fails startup naming the property. Once the
 * application is ready, a {@link RedisMemoryPolicyCheck} reads Redis's eviction settings in the background
 * ({@code cachekit.resilience.check-memory-policy=false} turns it off).
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "cachekit.enabled", matchIfMissing = true)
@EnableConfigurationProperties(CachekitResilienceProperties.class)
public final class CachekitResilienceAutoConfiguration {

	private static final String DEFAULT_CONFIG = CachekitResilienceProperties.DEFAULT_CONFIG;

	@Bean
	@ConditionalOnMissingBean
	CachekitResilience cachekitResilience(CachekitResilienceProperties properties) {
		// the properties validated themselves once bound: here every value is known to be allowed
		Map<String, ResiliencePolicy> configs = new LinkedHashMap<>();
		ResiliencePolicy defaults = merge(ResiliencePolicy.DEFAULTS, properties.getConfigs().get(DEFAULT_CONFIG));
		properties.getConfigs()
			.forEach((name, policy) -> configs.put(name,
					name.equals(DEFAULT_CONFIG) ? defaults : merge(defaults, policy)));
		Map<String, ResiliencePolicy> instances = new LinkedHashMap<>();
		properties.getInstances().forEach((name, policy) -> {
			String base = (policy.getBaseConfig() != null) ? policy.getBaseConfig() : DEFAULT_CONFIG;
			ResiliencePolicy start = configs.getOrDefault(base, defaults);
			instances.put(name, merge(base.equals(DEFAULT_CONFIG) ? defaults : start, policy));
		});
		return new CachekitResilience(defaults, instances);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
	static class ResilienceMetricsConfiguration {

		@Bean
		SmartInitializingSingleton cachekitResilienceMetricsBinder(CachekitResilience resilience,
				ObjectProvider<MeterRegistry> registries) {
			return () -> registries.orderedStream()
				.findFirst()
				.ifPresent((registry) -> CachekitResilienceMetrics.bind(resilience, registry));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
	@ConditionalOnEnabledHealthIndicator("cachekitResilience")
	static class ResilienceHealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "cachekitResilienceHealthIndicator")
		CachekitResilienceHealthIndicator cachekitResilienceHealthIndicator(CachekitResilience resilience) {
			return new CachekitResilienceHealthIndicator(resilience);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RedissonClient.class)
	@ConditionalOnBooleanProperty(name = "cachekit.resilience.check-memory-policy", matchIfMissing = true)
	static class MemoryPolicyCheckConfiguration {

		@Bean
		@ConditionalOnMissingBean
		RedisMemoryPolicyCheck redisMemoryPolicyCheck(ObjectProvider<RedissonClient> redisson,
				ObjectProvider<LockTemplate> locks, ObjectProvider<RateLimitEnforcer> rateLimits,
				ObjectProvider<WriteBehindTemplate> writeBehind) {
			return new RedisMemoryPolicyCheck(redisson::getIfAvailable, () -> {
				List<String> keys = new ArrayList<>();
				if (locks.getIfAvailable() != null) {
					keys.add("lock keys and fencing tokens");
				}
				if (rateLimits.getIfAvailable() != null) {
					keys.add("rate-limit windows");
				}
				if (writeBehind.getIfAvailable() != null) {
					keys.add("write-behind pins");
				}
				return keys;
			});
		}

		@Bean
		ApplicationListener<ApplicationReadyEvent> redisMemoryPolicyCheckRunner(ObjectProvider<RedissonClient> redisson,
				RedisMemoryPolicyCheck check) {
			return (event) -> {
				RedissonClient client = redisson.getIfAvailable();
				if (client != null) {
					RedisReadModeCheck.warnIfReadingFromReplicas(client);
					check.runInBackground();
				}
			};
		}

	}

	private static ResiliencePolicy merge(ResiliencePolicy base, CachekitResilienceProperties.Policy policy) {
		if (policy == null) {
			return base;
		}
		return new ResiliencePolicy(or(policy.getTimeout(), base.timeout()),
				or(policy.getFailureRateThreshold(), base.failureRateThreshold()),
				or(policy.getSlidingWindowSize(), base.slidingWindowSize()),
				or(policy.getMinimumNumberOfCalls(), base.minimumNumberOfCalls()),
				or(policy.getWaitInOpenState(), base.waitInOpenState()),
				or(policy.getPermittedCallsInHalfOpenState(), base.permittedCallsInHalfOpenState()),
				or(policy.getLogInterval(), base.logInterval()));
	}

	private static <T> T or(T value, T fallback) {
		return (value != null) ? value : fallback;
	}

}
