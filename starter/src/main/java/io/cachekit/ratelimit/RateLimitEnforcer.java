package io.cachekit.ratelimit;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.redisson.client.RedisException;

import org.springframework.util.Assert;

/**
 * Applies {@link RateLimitRule}s: asks the {@link RateLimiter} and, when Redis cannot be reached,
 * follows the rule's failure policy. Fail-open rules admit (or ask the local fallback limiter),
 * count the admission and log a warning at most once per interval; fail-closed rules throw
 * {@link RateLimiterUnavailableException}. A circuit breaker stops calling Redis for a while after
 * repeated failures, so decisions stay fast during an outage.
 */
public class RateLimitEnforcer {

	private static final Log logger = LogFactory.getLog(RateLimitEnforcer.class);

	private final RateLimiter rateLimiter;

	private final RateLimiter localFallback;

	private final CircuitBreaker circuitBreaker;

	private final long failureLogIntervalNanos;

	private final AtomicLong failOpenAdmissions = new AtomicLong();

	private final AtomicLong failClosedRejections = new AtomicLong();

	private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - Long.MAX_VALUE / 2);

	private final AtomicLong failuresSinceWarning = new AtomicLong();

	/**
	 * Creates an enforcer.
	 * @param rateLimiter decides in Redis
	 * @param localFallback decides in this JVM while Redis is down, for rules that enable it
	 * @param failureLogInterval how often at most an outage is logged
	 * @param circuitOpenDuration how long Redis is left alone after repeated failures
	 */
	public RateLimitEnforcer(RateLimiter rateLimiter, RateLimiter localFallback, Duration failureLogInterval,
			Duration circuitOpenDuration) {
		Assert.notNull(rateLimiter, "Rate limiter must not be null");
		Assert.notNull(localFallback, "Local fallback must not be null");
		this.rateLimiter = rateLimiter;
		this.localFallback = localFallback;
		this.failureLogIntervalNanos = failureLogInterval.toNanos();
		this.circuitBreaker = CircuitBreaker.of("cachekit-rate-limit", CircuitBreakerConfig.custom()
			.slidingWindowSize(10)
			.minimumNumberOfCalls(3)
			.failureRateThreshold(50)
			.waitDurationInOpenState(circuitOpenDuration)
			.permittedNumberOfCallsInHalfOpenState(1)
			.recordExceptions(RedisException.class)
			.build());
	}

	/**
	 * Decides whether a request fits the rule.
	 * @param rule the rule
	 * @param clientKey the client's key, e.g. {@code ip:203.0.113.7}
	 * @return the decision; a fail-open rule admits while Redis is down
	 * @throws RateLimiterUnavailableException if Redis is down and the rule fails closed
	 */
	public RateLimitDecision decide(RateLimitRule rule, String clientKey) {
		String key = rule.name() + ":" + clientKey;
		try {
			return this.circuitBreaker.executeSupplier(() -> this.rateLimiter.tryAcquire(key, rule.limit()));
		}
		catch (RedisException | CallNotPermittedException ex) {
			return decideWithoutRedis(rule, key, ex);
		}
	}

	/**
	 * Takes a permit or throws.
	 * @param rule the rule
	 * @param clientKey the client's key
	 * @return the admitting decision
	 * @throws RateLimitExceededException if the request exceeds the limit
	 * @throws RateLimiterUnavailableException if Redis is down and the rule fails closed
	 */
	public RateLimitDecision acquire(RateLimitRule rule, String clientKey) {
		RateLimitDecision decision = decide(rule, clientKey);
		if (!decision.allowed()) {
			throw new RateLimitExceededException(rule, decision);
		}
		return decision;
	}

	private RateLimitDecision decideWithoutRedis(RateLimitRule rule, String key, RuntimeException failure) {
		warnAtMostOncePerInterval(failure);
		if (rule.failurePolicy() == RateLimitFailurePolicy.FAIL_CLOSED) {
			this.failClosedRejections.incrementAndGet();
			throw new RateLimiterUnavailableException(rule, failure);
		}
		RateLimitDecision decision = rule.localFallback() ? this.localFallback.tryAcquire(key, rule.limit())
				: RateLimitDecision.admittedWithoutRedis(rule.limit());
		if (decision.allowed()) {
			this.failOpenAdmissions.incrementAndGet();
		}
		return decision;
	}

	private void warnAtMostOncePerInterval(RuntimeException failure) {
		long failures = this.failuresSinceWarning.incrementAndGet();
		long now = System.nanoTime();
		long last = this.lastWarning.get();
		if (now - last >= this.failureLogIntervalNanos && this.lastWarning.compareAndSet(last, now)) {
			this.failuresSinceWarning.addAndGet(-failures);
			logger.warn("Rate limits cannot reach Redis (" + failure.getMessage() + "); " + failures
					+ " decision(s) made without Redis since the last warning: fail-open rules admit, "
					+ "fail-closed rules reject");
		}
	}

	/**
	 * How many requests fail-open rules decided without Redis since startup.
	 * @return the count
	 */
	public long failOpenAdmissions() {
		return this.failOpenAdmissions.get();
	}

	/**
	 * How many requests fail-closed rules rejected because Redis was down, since startup.
	 * @return the count
	 */
	public long failClosedRejections() {
		return this.failClosedRejections.get();
	}

}
