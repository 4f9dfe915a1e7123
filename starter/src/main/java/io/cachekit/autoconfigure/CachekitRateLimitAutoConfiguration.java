package io.cachekit.autoconfigure;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.observation.ObservationRegistry;
import org.redisson.api.RedissonClient;

import org.springframework.aop.Advisor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;

import io.cachekit.CachekitAdvisorOrder;
import io.cachekit.keys.CachekitKeys;
import io.cachekit.ratelimit.LocalRateLimiter;
import io.cachekit.ratelimit.RateLimitEnforcer;
import io.cachekit.ratelimit.RateLimitInterceptor;
import io.cachekit.ratelimit.RateLimited;
import io.cachekit.ratelimit.RateLimiter;
import io.cachekit.ratelimit.RedisRateLimiter;
import io.cachekit.resilience.CachekitResilience;
import io.cachekit.support.MethodKeyEvaluator;

/**
 * Auto-configuration of rate limits: the Redis {@link RateLimiter} (Lua scripts), the
 * {@link RateLimitEnforcer} that applies failure policies, the
 * {@link RateLimited @RateLimited} advisor and, with Micrometer, counters of decisions made
 * without Redis. Active when Redisson is on the classpath, unless
 * {@code cachekit.rate-limit.enabled=false}.
 */
@AutoConfiguration(after = CachekitResilienceAutoConfiguration.class,
		afterName = "org.redisson.spring.starter.RedissonAutoConfigurationV4")
@ConditionalOnClass(RedissonClient.class)
@ConditionalOnBooleanProperty(name = "cachekit.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "cachekit.rate-limit.enabled", matchIfMissing = true)
@EnableConfigurationProperties(CachekitRateLimitProperties.class)
@Import(CachekitProxyRegistrar.class)
public final class CachekitRateLimitAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RateLimiter rateLimiter(ObjectProvider<RedissonClient> redisson, ObjectProvider<CachekitResilience> resilience,
			ObjectProvider<CachekitKeys> keys, Environment environment) {
		return new RedisRateLimiter(redisson::getObject, CachekitAutoConfiguration.keys(keys, environment).rateLimitPrefix(),
				resilience(resilience).policy(CachekitResilience.RATE_LIMIT).timeout());
	}

	@Bean
	@ConditionalOnMissingBean
	RateLimitEnforcer rateLimitEnforcer(RateLimiter rateLimiter, ObjectProvider<CachekitResilience> resilience,
			ObjectProvider<ObservationRegistry> observations) {
		RateLimitEnforcer enforcer = new RateLimitEnforcer(rateLimiter, new LocalRateLimiter(), resilience(resilience));
		enforcer.setObservationRegistry(CachekitAutoConfiguration.observations(observations));
		return enforcer;
	}

	private static CachekitResilience resilience(ObjectProvider<CachekitResilience> resilience) {
		return resilience.getIfAvailable(CachekitResilience::withDefaults);
	}

	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	@ConditionalOnMissingBean(name = "rateLimitAdvisor")
	static Advisor rateLimitAdvisor(ObjectProvider<RateLimitEnforcer> enforcer, BeanFactory beanFactory) {
		DefaultPointcutAdvisor advisor = new DefaultPointcutAdvisor(
				new AnnotationMatchingPointcut(null, RateLimited.class, true),
				new RateLimitInterceptor(enforcer::getObject, new MethodKeyEvaluator(beanFactory)));
		advisor.setOrder(CachekitAdvisorOrder.RATE_LIMIT);
		return advisor;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterBinder.class)
	static class RateLimitMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "rateLimitMeterBinder")
		MeterBinder rateLimitMeterBinder(ObjectProvider<RateLimitEnforcer> enforcer) {
			return (registry) -> enforcer.ifAvailable((rateLimitEnforcer) -> {
				FunctionCounter
					.builder("cachekit.rate-limit.unavailable", rateLimitEnforcer,
							RateLimitEnforcer::failOpenAdmissions)
					.description("Requests admitted by fail-open rate limits while Redis was unavailable")
					.tag("policy", "fail-open")
					.register(registry);
				FunctionCounter
					.builder("cachekit.rate-limit.unavailable", rateLimitEnforcer,
							RateLimitEnforcer::failClosedRejections)
					.description("Requests rejected by fail-closed rate limits while Redis was unavailable")
					.tag("policy", "fail-closed")
					.register(registry);
			});
		}

	}

}
