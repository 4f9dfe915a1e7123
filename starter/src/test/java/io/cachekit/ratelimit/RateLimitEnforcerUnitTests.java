package io.cachekit.ratelimit;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.redisson.client.RedisConnectionException;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.util.Map;

import io.cachekit.resilience.CachekitResilience;
import io.cachekit.resilience.ResiliencePolicy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Failure policies of {@link RateLimitEnforcer} with a fake Redis limiter that is down.
 */
@ExtendWith(OutputCaptureExtension.class)
class RateLimitEnforcerUnitTests {

	private final AtomicInteger redisCalls = new AtomicInteger();

	private final RateLimiter down = (key, limit) -> {
		this.redisCalls.incrementAndGet();
		throw new RedisConnectionException("Unable to connect to Redis server: 127.0.0.1/127.0.0.1:1");
	};

	private final RateLimitEnforcer enforcer = new RateLimitEnforcer(this.down, new LocalRateLimiter(),
			new CachekitResilience(ResiliencePolicy.DEFAULTS, Map.of(CachekitResilience.RATE_LIMIT,
					new ResiliencePolicy(Duration.ofMillis(250), 50, 10, 3, Duration.ofHours(1), 1, Duration.ofHours(1)))));

	private final RateLimit limit = new RateLimit(2, Duration.ofHours(1), RateLimitAlgorithm.TOKEN_BUCKET);

	@Test
	void failOpenRuleAdmitsAndCounts() {
		RateLimitRule rule = new RateLimitRule("open", this.limit, RateLimitFailurePolicy.FAIL_OPEN, false);
		for (int i = 0; i < 10; i++) {
			assertThat(this.enforcer.acquire(rule, "client").allowed()).isTrue();
		}
		assertThat(this.enforcer.failOpenAdmissions()).isEqualTo(10);
	}

	@Test
	void failOpenRuleWithLocalFallbackLimitsInTheJvm() {
		RateLimitRule rule = new RateLimitRule("fallback", this.limit, RateLimitFailurePolicy.FAIL_OPEN, true);
		this.enforcer.acquire(rule, "client");
		this.enforcer.acquire(rule, "client");
		assertThatExceptionOfType(RateLimitExceededException.class).isThrownBy(() -> this.enforcer.acquire(rule, "client"))
			.satisfies((ex) -> assertThat(ex.httpHeaders()).containsKey("Retry-After"));
		assertThat(this.enforcer.failOpenAdmissions()).isEqualTo(2);
	}

	@Test
	void failClosedRuleRejectsWith503() {
		RateLimitRule rule = new RateLimitRule("closed", this.limit, RateLimitFailurePolicy.FAIL_CLOSED, false);
		assertThatExceptionOfType(RateLimiterUnavailableException.class)
			.isThrownBy(() -> this.enforcer.acquire(rule, "client"))
			.satisfies((ex) -> {
				assertThat(ex.httpStatus()).isEqualTo(503);
				assertThat(ex.getMessage()).contains("'closed'").contains("Unable to connect");
			});
		assertThat(this.enforcer.failClosedRejections()).isOne();
	}

	@Test
	void outageIsLoggedOncePerInterval(CapturedOutput output) {
		RateLimitRule rule = new RateLimitRule("open", this.limit, RateLimitFailurePolicy.FAIL_OPEN, false);
		for (int i = 0; i < 50; i++) {
			this.enforcer.acquire(rule, "client");
		}
		assertThat(output.getOut().split("Rate limits cannot reach Redis", -1)).hasSize(2);
	}

	@Test
	void repeatedFailuresStopCallingRedisForAWhile() {
		RateLimitRule rule = new RateLimitRule("open", this.limit, RateLimitFailurePolicy.FAIL_OPEN, false);
		for (int i = 0; i < 50; i++) {
			this.enforcer.acquire(rule, "client");
		}
		assertThat(this.redisCalls.get()).isLessThan(10);
		assertThat(this.enforcer.failOpenAdmissions()).isEqualTo(50);
	}

}
