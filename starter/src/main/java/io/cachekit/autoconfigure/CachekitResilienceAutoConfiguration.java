package io.cachekit.autoconfigure;

import java.time.Duration;
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
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
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

	private static final String PREFIX = "cachekit.resilience.";

	private static final String DEFAULT_CONFIG = "default";

	@Bean
	@ConditionalOnMissingBean
	CachekitResilience cachekitResilience(CachekitResilienceProperties properties) {
		requireNotNegative(properties.getRequestDeadline(), "request-deadline");
		Map<String, ResiliencePolicy> configs = new LinkedHashMap<>();
		ResiliencePolicy defaults = merge(ResiliencePolicy.DEFAULTS, properties.getConfigs().get(DEFAULT_CONFIG),
				PREFIX + "configs." + DEFAULT_CONFIG + ".");
		properties.getConfigs()
			.forEach((name, policy) -> configs.put(name,
					name.equals(DEFAULT_CONFIG) ? defaults : merge(defaults, policy, PREFIX + "configs." + name + ".")));
		Map<String, ResiliencePolicy> instances = new LinkedHashMap<>();
		properties.getInstances().forEach((name, policy) -> {
			String path = PREFIX + "instances." + name + ".";
			String base = (policy.getBaseConfig() != null) ? policy.getBaseConfig() : DEFAULT_CONFIG;
			ResiliencePolicy start = base.equals(DEFAULT_CONFIG) ? defaults : configs.get(base);
			if (start == null) {
				throw new InvalidConfigurationPropertyValueException(path + "base-config", base,
						"There is no cachekit.resilience.configs." + base + "; name one of " + configs.keySet()
								+ " or remove base-config to use the default");
			}
			instances.put(name, merge(start, policy, path));
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

	private static ResiliencePolicy merge(ResiliencePolicy base, CachekitResilienceProperties.Policy policy,
			String path) {
		if (policy == null) {
			return base;
		}
		Duration timeout = (policy.getTimeout() != null) ? requirePositive(policy.getTimeout(), path + "timeout")
				: base.timeout();
		float threshold = base.failureRateThreshold();
		if (policy.getFailureRateThreshold() != null) {
			threshold = policy.getFailureRateThreshold();
			if (!(threshold > 0 && threshold <= 100)) {
				throw new InvalidConfigurationPropertyValueException(path + "failure-rate-threshold", threshold,
						"The threshold is a percentage above 0 and at most 100");
			}
		}
		int window = atLeastOne(policy.getSlidingWindowSize(), base.slidingWindowSize(), path + "sliding-window-size");
		int minimum = atLeastOne(policy.getMinimumNumberOfCalls(), base.minimumNumberOfCalls(),
				path + "minimum-number-of-calls");
		Duration wait = (policy.getWaitInOpenState() != null)
				? requirePositive(policy.getWaitInOpenState(), path + "wait-in-open-state") : base.waitInOpenState();
		int probes = atLeastOne(policy.getPermittedCallsInHalfOpenState(), base.permittedCallsInHalfOpenState(),
				path + "permitted-calls-in-half-open-state");
		Duration log = (policy.getLogInterval() != null) ? requirePositive(policy.getLogInterval(), path + "log-interval")
				: base.logInterval();
		return new ResiliencePolicy(timeout, threshold, window, minimum, wait, probes, log);
	}

	private static int atLeastOne(Integer value, int fallback, String property) {
		if (value == null) {
			return fallback;
		}
		if (value < 1) {
			throw new InvalidConfigurationPropertyValueException(property, value, "The value must be at least 1");
		}
		return value;
	}

	private static Duration requirePositive(Duration value, String property) {
		if (value.isNegative() || value.isZero()) {
			throw new InvalidConfigurationPropertyValueException(property, value,
					"The value must be a positive duration, e.g. 250ms or 5s");
		}
		return value;
	}

	private static void requireNotNegative(Duration value, String property) {
		if (value == null || value.isNegative()) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + property, value,
					"The deadline must be a duration of at least 0 (0 turns it off), e.g. 250ms");
		}
	}

}
