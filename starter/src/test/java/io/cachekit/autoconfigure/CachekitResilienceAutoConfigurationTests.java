package io.cachekit.autoconfigure;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.cachekit.resilience.CachekitResilience;
import io.cachekit.resilience.ResiliencePolicy;
import io.cachekit.resilience.actuate.CachekitResilienceHealthIndicator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link CachekitResilienceAutoConfiguration}: shared configs, per-instance policies, inheritance and bad
 * values.
 */
class CachekitResilienceAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CachekitResilienceAutoConfiguration.class));

	@Test
	void everyBreakerOfTheRegistryIsMeteredIncludingOnesCreatedLater() {
		this.runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run((context) -> {
			CachekitResilience resilience = context.getBean(CachekitResilience.class);
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			CircuitBreaker session = resilience.breaker("session");
			resilience.breaker(CachekitResilience.CACHE);
			session.onError(1, TimeUnit.MILLISECONDS, new IllegalStateException("down"));
			session.transitionToOpenState();
			assertThat(meters.get("cachekit.resilience.breaker.state").tag("name", "session").gauge().value())
				.isEqualTo(2);
			assertThat(meters.get("cachekit.resilience.breaker.state").tag("name", "cache").gauge().value())
				.isZero();
			assertThat(meters.get("cachekit.resilience.breaker.calls")
				.tag("name", "session")
				.tag("kind", "failed")
				.functionCounter()
				.count()).isEqualTo(1);
		});
	}

	@Test
	void theHealthIndicatorReportsEveryBreakerAndDegradesWhileOneIsOpen() {
		this.runner.run((context) -> {
			CachekitResilience resilience = context.getBean(CachekitResilience.class);
			CachekitResilienceHealthIndicator health = context.getBean(CachekitResilienceHealthIndicator.class);
			resilience.breaker(CachekitResilience.LOCK);
			assertThat(health.health(true).getStatus()).isEqualTo(Status.UP);
			resilience.breaker(CachekitResilience.RATE_LIMIT).transitionToOpenState();
			Health degraded = health.health(true);
			assertThat(degraded.getStatus()).isEqualTo(CachekitResilienceHealthIndicator.DEGRADED);
			assertThat(degraded.getDetails().get("circuitBreakers").toString()).contains("rate-limit={",
					"state=OPEN", "lock={");
		});
	}

	@Test
	void everyInstanceFollowsTheBuiltInDefaults() {
		this.runner.run((context) -> {
			CachekitResilience resilience = context.getBean(CachekitResilience.class);
			assertThat(resilience.policy(CachekitResilience.CACHE)).isEqualTo(ResiliencePolicy.DEFAULTS);
			assertThat(resilience.policy("anything")).isEqualTo(ResiliencePolicy.DEFAULTS);
			assertThat(resilience.breaker(CachekitResilience.LOCK).getCircuitBreakerConfig().getSlidingWindowSize())
				.isEqualTo(20);
		});
	}

	@Test
	void defaultConfigIsInheritedAndInstancesOverrideIt() {
		this.runner
			.withPropertyValues("cachekit.resilience.configs.default.timeout=100ms",
					"cachekit.resilience.configs.default.wait-in-open-state=7s",
					"cachekit.resilience.instances.lock.timeout=400ms")
			.run((context) -> {
				CachekitResilience resilience = context.getBean(CachekitResilience.class);
				assertThat(resilience.policy(CachekitResilience.CACHE).timeout()).isEqualTo(Duration.ofMillis(100));
				assertThat(resilience.policy(CachekitResilience.LOCK).timeout()).isEqualTo(Duration.ofMillis(400));
				assertThat(resilience.policy(CachekitResilience.LOCK).waitInOpenState()).isEqualTo(Duration.ofSeconds(7));
				CircuitBreakerConfig lock = resilience.breaker(CachekitResilience.LOCK).getCircuitBreakerConfig();
				assertThat(lock.getSlowCallDurationThreshold()).isEqualTo(Duration.ofMillis(400));
				assertThat(lock.getWaitIntervalFunctionInOpenState().apply(1)).isEqualTo(7000L);
			});
	}

	@Test
	void instanceCanStartFromANamedSharedConfig() {
		this.runner
			.withPropertyValues("cachekit.resilience.configs.patient.timeout=2s",
					"cachekit.resilience.instances.session.base-config=patient")
			.run((context) -> assertThat(context.getBean(CachekitResilience.class).policy("session").timeout())
				.isEqualTo(Duration.ofSeconds(2)));
	}

	@Test
	void unknownBaseConfigFailsStartupNamingIt() {
		this.runner.withPropertyValues("cachekit.resilience.instances.session.base-config=missing")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("cachekit.resilience.instances.session.base-config")
				.hasMessageContaining("no cachekit.resilience.configs.missing"));
	}

	@Test
	void badValuesFailStartupNamingTheProperty() {
		assertFails("cachekit.resilience.configs.default.failure-rate-threshold=0");
		assertFails("cachekit.resilience.instances.cache.sliding-window-size=0");
		assertFails("cachekit.resilience.instances.cache.minimum-number-of-calls=0");
		assertFails("cachekit.resilience.instances.cache.permitted-calls-in-half-open-state=0");
		assertFails("cachekit.resilience.instances.cache.timeout=0s");
		assertFails("cachekit.resilience.request-deadline=-1s");
	}

	private void assertFails(String property) {
		String name = property.substring(0, property.indexOf('='));
		this.runner.withPropertyValues(property)
			.run((context) -> assertThat(context).getFailure().rootCause().hasMessageContaining(name));
	}

}
