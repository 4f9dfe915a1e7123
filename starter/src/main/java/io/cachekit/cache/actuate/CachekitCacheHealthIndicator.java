package io.cachekit.cache.actuate;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import io.cachekit.cache.CachekitCacheManager;

/**
 * Health of cachekit's Redis cache as the application experiences it: DOWN while the circuit breaker is
 * open (reads fall through to the methods, evictions wait), UP otherwise, with the breaker's state,
 * failure rate and the number of evictions waiting for Redis.
 */
public class CachekitCacheHealthIndicator extends AbstractHealthIndicator {

	private final CachekitCacheManager cacheManager;

	/**
	 * Creates the indicator.
	 * @param cacheManager the cache manager
	 */
	public CachekitCacheHealthIndicator(CachekitCacheManager cacheManager) {
		super("cachekit cache health check failed");
		this.cacheManager = cacheManager;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		CircuitBreaker breaker = this.cacheManager.getCircuitBreaker();
		CircuitBreaker.State state = breaker.getState();
		if (state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN) {
			builder.down();
		}
		else {
			builder.up();
		}
		builder.withDetail("circuitBreaker", state.name())
			.withDetail("failureRate", breaker.getMetrics().getFailureRate())
			.withDetail("pendingEvictions", this.cacheManager.getRuntime().invalidator().pendingCount())
			.withDetail("caches", this.cacheManager.getCacheNames().size());
	}

}
