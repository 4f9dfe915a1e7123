package io.cachekit.autoconfigure;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.cachekit.ratelimit.RateLimitDecision;
import io.cachekit.ratelimit.RateLimitEnforcer;
import io.cachekit.ratelimit.RateLimited;
import io.cachekit.ratelimit.RateLimiter;
import io.cachekit.ratelimit.RedisRateLimiter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conditions, back-off, properties, metrics and bad values of
 * {@link CachekitRateLimitAutoConfiguration}.
 */
class CachekitRateLimitAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CachekitResilienceAutoConfiguration.class,
				CachekitRateLimitAutoConfiguration.class));

	@Test
	void providesRedisRateLimiterEnforcerAndAdvisor() {
		this.contextRunner.run((context) -> {
			assertThat(context).getBean(RateLimiter.class).isInstanceOf(RedisRateLimiter.class);
			assertThat(context).hasSingleBean(RateLimitEnforcer.class);
			assertThat(context).hasBean("rateLimitAdvisor");
		});
	}

	@Test
	void keyPrefixIsConfigurable() {
		this.contextRunner.withPropertyValues("cachekit.namespace=shop")
			.run((context) -> assertThat(((RedisRateLimiter) context.getBean(RateLimiter.class)).redisKey("a",
					io.cachekit.ratelimit.RateLimitAlgorithm.FIXED_WINDOW))
				.isEqualTo("shop:~rate:{a}:fw"));
	}

	@Test
	void rateLimiterBacksOff() {
		this.contextRunner.withUserConfiguration(CustomRateLimiterConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(RateLimiter.class);
			assertThat(context).getBean(RateLimiter.class).isNotInstanceOf(RedisRateLimiter.class);
		});
	}

	@Test
	void annotatedBeansAreProxied() {
		this.contextRunner.withUserConfiguration(LimitedServiceConfiguration.class)
			.run((context) -> assertThat(AopUtils.isAopProxy(context.getBean(LimitedService.class))).isTrue());
	}

	@Test
	void countsDecisionsMadeWithoutRedisAsMeters() {
		this.contextRunner.run((context) -> {
			SimpleMeterRegistry registry = new SimpleMeterRegistry();
			context.getBean("rateLimitMeterBinder", MeterBinder.class).bindTo(registry);
			assertThat(registry.get("cachekit.rate-limit.unavailable").tag("policy", "fail-open").functionCounter())
				.isNotNull();
			assertThat(registry.get("cachekit.rate-limit.unavailable").tag("policy", "fail-closed").functionCounter())
				.isNotNull();
		});
	}

	@Test
	void backsOffWhenCachekitIsDisabled() {
		this.contextRunner.withPropertyValues("cachekit.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(RateLimitEnforcer.class));
	}

	@Test
	void backsOffWhenRateLimitsAreDisabled() {
		this.contextRunner.withPropertyValues("cachekit.rate-limit.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(RateLimitEnforcer.class));
	}

	@Test
	void backsOffWithoutRedisson() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(RedissonClient.class))
			.run((context) -> assertThat(context).doesNotHaveBean(RateLimitEnforcer.class));
	}

	@Test
	void zeroLogIntervalFailsStartup() {
		this.contextRunner.withPropertyValues("cachekit.resilience.instances.rate-limit.log-interval=0s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("cachekit.resilience.instances.rate-limit.log-interval"));
	}

	@Test
	void zeroWaitInOpenStateFailsStartup() {
		this.contextRunner.withPropertyValues("cachekit.resilience.instances.rate-limit.wait-in-open-state=0s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("cachekit.resilience.instances.rate-limit.wait-in-open-state"));
	}

	@Test
	void rateLimitBreakerComesFromTheRegistry() {
		this.contextRunner.withPropertyValues("cachekit.resilience.instances.rate-limit.minimum-number-of-calls=3")
			.run((context) -> assertThat(context.getBean(io.cachekit.resilience.CachekitResilience.class)
				.breaker(io.cachekit.resilience.CachekitResilience.RATE_LIMIT)
				.getCircuitBreakerConfig()
				.getMinimumNumberOfCalls()).isEqualTo(3));
	}

	@Configuration(proxyBeanMethods = false)
	static class CustomRateLimiterConfiguration {

		@Bean
		RateLimiter customRateLimiter() {
			return (key, limit) -> RateLimitDecision.admittedWithoutRedis(limit);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class LimitedServiceConfiguration {

		@Bean
		LimitedService limitedService() {
			return new LimitedService();
		}

	}

	static class LimitedService {

		@RateLimited(limit = 5, window = "1s")
		public void work() {
		}

	}

}
