package io.cachekit.ratelimit;

import java.util.concurrent.atomic.AtomicLong;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.redisson.client.RedisException;
import org.redisson.client.RedisTimeoutException;

import org.springframework.util.Assert;

import io.cachekit.resilience.CachekitResilience;
import io.cachekit.resilience.RedisDeadline;
import io.cachekit.resilience.ThrottledLogger;

/**
 * Applies {@link RateLimitRule}s: asks the {@link RateLimiter} and, when Redis cannot be reached,
 * follows the rule's failure policy. Fail-open rules admit (or ask the local fallback limiter),
 * count the admission and log a warning at most once per interval; fail-closed rules throw
 * {@link RateLimiterUnavailableException}. A circuit breaker (the {@code rate-limit} instance of
 * {@link CachekitResilience}) stops calling Redis for a while after repeated failures, and a decision
 * waits for Redis at most its timeout or the request's {@link io.cachekit.resilience.RedisDeadline}, so
 * decisions stay fast during an outage or a hang.
 */
public class RateLimitEnforcer {

	/** The name of the observation of each decision. */
	public static final String DECISION = "cachekit.rate-limit.decision";

	private static final String DECIDED_BY = "decided.by";

	private final RateLimiter rateLimiter;

	private final RateLimiter localFallback;

	private final CircuitBreaker circuitBreaker;

	private final AtomicLong failOpenAdmissions = new AtomicLong();

	private final AtomicLong failClosedRejections = new AtomicLong();

	private final ThrottledLogger log;

	private ObservationRegistry observations = ObservationRegistry.NOOP;

	/**
	 * Creates an enforcer whose breaker follows {@link io.cachekit.resilience.ResiliencePolicy#DEFAULTS}.
	 * @param rateLimiter decides in Redis
	 * @param localFallback decides in this JVM while Redis is down, for rules that enable it
	 */
	public RateLimitEnforcer(RateLimiter rateLimiter, RateLimiter localFallback) {
		this(rateLimiter, localFallback, CachekitResilience.withDefaults());
	}

	/**
	 * Creates an enforcer.
	 * @param rateLimiter decides in Redis
	 * @param localFallback decides in this JVM while Redis is down, for rules that enable it
	 * @param resilience the registry whose {@link CachekitResilience#RATE_LIMIT} instance guards the decisions
	 */
	public RateLimitEnforcer(RateLimiter rateLimiter, RateLimiter localFallback, CachekitResilience resilience) {
		Assert.notNull(rateLimiter, "Rate limiter must not be null");
		Assert.notNull(localFallback, "Local fallback must not be null");
		this.rateLimiter = rateLimiter;
		this.localFallback = localFallback;
		this.circuitBreaker = resilience.breaker(CachekitResilience.RATE_LIMIT);
		this.log = resilience.log(CachekitResilience.RATE_LIMIT);
	}

	/**
	 * Observes every decision as {@code cachekit.rate-limit.decision}: with Micrometer's meter handler a timer
	 * tagged {@code rule}, {@code outcome} ({@code allowed}, {@code denied}, {@code rejected-unavailable}) and
	 * {@code decided.by} ({@code redis}; {@code local} or {@code none} while Redis is unavailable).
	 * @param observations the registry; {@link ObservationRegistry#NOOP} (the default) observes nothing
	 */
	public void setObservationRegistry(ObservationRegistry observations) {
		Assert.notNull(observations, "Observation registry must not be null");
		this.observations = observations;
	}

	/**
	 * Decides whether a request fits the rule.
	 * @param rule the rule
	 * @param clientKey the client's key, e.g. {@code ip:203.0.113.7}
	 * @return the decision; a fail-open rule admits while Redis is down
	 * @throws RateLimiterUnavailableException if Redis is down and the rule fails closed
	 */
	public RateLimitDecision decide(RateLimitRule rule, String clientKey) {
		Observation observation = Observation.createNotStarted(DECISION, this.observations)
			.lowCardinalityKeyValue("rule", rule.name())
			.start();
		try {
			RateLimitDecision decision = decideObserved(rule, rule.name() + ":" + clientKey, observation);
			observation.lowCardinalityKeyValue("outcome", decision.allowed() ? "allowed" : "denied");
			return decision;
		}
		catch (RateLimiterUnavailableException ex) {
			observation.lowCardinalityKeyValue("outcome", "rejected-unavailable");
			throw ex;
		}
		catch (RuntimeException ex) {
			observation.lowCardinalityKeyValue("outcome", "error");
			observation.lowCardinalityKeyValue(DECIDED_BY, "none");
			observation.error(ex);
			throw ex;
		}
		finally {
			observation.stop();
		}
	}

	private RateLimitDecision decideObserved(RateLimitRule rule, String key, Observation observation) {
		if (RedisDeadline.isExceeded()) {
			// the request spent its Redis budget: decide without Redis, and without counting it against Redis
			return decideWithoutRedis(rule, key,
					new RedisTimeoutException("The request's budget for Redis was spent"), observation);
		}
		try {
			RateLimitDecision decision = this.circuitBreaker
				.executeSupplier(() -> this.rateLimiter.tryAcquire(key, rule.limit()));
			observation.lowCardinalityKeyValue(DECIDED_BY, "redis");
			return decision;
		}
		catch (RedisException | CallNotPermittedException ex) {
			return decideWithoutRedis(rule, key, ex, observation);
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

	private RateLimitDecision decideWithoutRedis(RateLimitRule rule, String key, RuntimeException failure,
			Observation observation) {
		warnAtMostOncePerInterval(failure);
		observation.lowCardinalityKeyValue(DECIDED_BY,
				(rule.failurePolicy() == RateLimitFailurePolicy.FAIL_OPEN && rule.localFallback()) ? "local" : "none");
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
		this.log.warn("rate-limit-unavailable", "Rate limits cannot reach Redis (" + failure.getMessage()
				+ "); decisions are made without Redis: fail-open rules admit, fail-closed rules reject", null);
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
