package io.cachekit.resilience.actuate;

import java.util.Map;
import java.util.TreeMap;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import io.cachekit.resilience.CachekitResilience;

/**
 * Health of every circuit breaker in the registry: each breaker's state and failure rate as details, and the
 * status {@code DEGRADED} while one is open (Redis is being skipped for that concern and its failure policy
 * applies). {@code DEGRADED} is not {@code DOWN}: the application still answers, so its health does not fail.
 */
public class CachekitResilienceHealthIndicator extends AbstractHealthIndicator {

	/** At least one breaker is open: a concern runs without Redis. */
	public static final Status DEGRADED = new Status("DEGRADED", "A circuit breaker is open");

	private final CachekitResilience resilience;

	/**
	 * Creates the indicator.
	 * @param resilience the registry of breakers
	 */
	public CachekitResilienceHealthIndicator(CachekitResilience resilience) {
		super("cachekit resilience health check failed");
		this.resilience = resilience;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		boolean open = false;
		Map<String, Object> breakers = new TreeMap<>();
		for (CircuitBreaker breaker : this.resilience.registry().getAllCircuitBreakers()) {
			CircuitBreaker.State state = breaker.getState();
			open |= state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN;
			breakers.put(breaker.getName(),
					Map.of("state", state.name(), "failureRate", breaker.getMetrics().getFailureRate()));
		}
		builder.status(open ? DEGRADED : Status.UP).withDetail("circuitBreakers", breakers);
	}

}
