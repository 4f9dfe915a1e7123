package io.cachekit.resilience;

import java.time.Duration;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;

import org.springframework.util.Assert;

/**
 * How calls of one concern to Redis are guarded: the timeout of each call, the circuit breaker that stops
 * calling a Redis that keeps failing, and how often failures are logged.
 *
 * @param timeout the longest one call may take; a call that takes longer counts as failed
 * @param failureRateThreshold the failure rate, in percent, at which the breaker opens
 * @param slidingWindowSize how many recent calls the failure rate is computed over
 * @param minimumNumberOfCalls how many calls are needed before the failure rate is computed
 * @param waitInOpenState how long an open breaker refuses calls before it lets probe calls through
 * @param permittedCallsInHalfOpenState how many probe calls a half-open breaker lets through
 * @param logInterval the shortest time between two warnings about the same kind of failure
 */
public record ResiliencePolicy(Duration timeout, float failureRateThreshold, int slidingWindowSize,
		int minimumNumberOfCalls, Duration waitInOpenState, int permittedCallsInHalfOpenState, Duration logInterval) {

	/** The policy of every concern that is not configured otherwise. */
	public static final ResiliencePolicy DEFAULTS = new ResiliencePolicy(Duration.ofMillis(250), 50, 20, 10,
			Duration.ofSeconds(2), 3, Duration.ofMinutes(1));

	/**
	 * Checks the values.
	 * @param timeout the call timeout
	 * @param failureRateThreshold the failure rate in percent
	 * @param slidingWindowSize the window size
	 * @param minimumNumberOfCalls the minimum number of calls
	 * @param waitInOpenState the open-state wait
	 * @param permittedCallsInHalfOpenState the number of probe calls
	 * @param logInterval the log interval
	 */
	public ResiliencePolicy {
		Assert.isTrue(timeout != null && !timeout.isNegative() && !timeout.isZero(), "Timeout must be positive");
		Assert.isTrue(failureRateThreshold > 0 && failureRateThreshold <= 100,
				"Failure rate threshold must be above 0 and at most 100");
		Assert.isTrue(slidingWindowSize >= 1, "Sliding window must hold at least 1 call");
		Assert.isTrue(minimumNumberOfCalls >= 1, "Minimum number of calls must be at least 1");
		Assert.isTrue(waitInOpenState != null && !waitInOpenState.isNegative() && !waitInOpenState.isZero(), "Wait in open state must be positive");
		Assert.isTrue(permittedCallsInHalfOpenState >= 1, "At least 1 probe call is needed");
		Assert.isTrue(logInterval != null && !logInterval.isNegative() && !logInterval.isZero(), "Log interval must be positive");
	}

	/**
	 * The circuit breaker configuration of this policy. Every call counts (a count-based window, synchronized:
	 * measured cheaper than the lock-free window at 1 and 8 threads in {@code BreakerWindowBenchmark}); a call
	 * slower than the timeout counts as slow.
	 * @return the configuration
	 */
	public CircuitBreakerConfig circuitBreakerConfig() {
		return CircuitBreakerConfig.custom()
			.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
			.slidingWindowSynchronizationStrategy(CircuitBreakerConfig.SlidingWindowSynchronizationStrategy.SYNCHRONIZED)
			.slidingWindowSize(this.slidingWindowSize)
			.minimumNumberOfCalls(this.minimumNumberOfCalls)
			.failureRateThreshold(this.failureRateThreshold)
			.slowCallDurationThreshold(this.timeout)
			.waitDurationInOpenState(this.waitInOpenState)
			.permittedNumberOfCallsInHalfOpenState(this.permittedCallsInHalfOpenState)
			.build();
	}

}
