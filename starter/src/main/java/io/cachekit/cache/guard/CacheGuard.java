package io.cachekit.cache.guard;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import io.cachekit.resilience.RedisDeadline;
import io.cachekit.resilience.ThrottledLogger;

/**
 * Runs Redis calls of the cache under a Resilience4j {@link CircuitBreaker}: while the breaker is open, or
 * once the request's {@link RedisDeadline} budget is spent, a call is refused at once (no timeout paid). Every
 * call that failed or timed out is recorded; a call skipped for a spent budget is not, since Redis may have
 * answered every call of that request in time. Failures are logged at most once per interval. Callers turn the {@link CacheUnavailableException} into their fail-open behaviour.
 */
public final class CacheGuard {

	private final CircuitBreaker breaker;

	private final ThrottledLogger log;

	/**
	 * Creates a guard.
	 * @param breaker the circuit breaker
	 * @param log the throttled logger for failures
	 */
	public CacheGuard(CircuitBreaker breaker, ThrottledLogger log) {
		this.breaker = breaker;
		this.log = log;
	}

	/**
	 * Runs a call.
	 * @param <T> the result type
	 * @param what a short description for the log, e.g. {@code read}
	 * @param call the call
	 * @return its result
	 * @throws CacheUnavailableException if the breaker refused the call or the call failed
	 */
	public <T> T call(String what, Supplier<T> call) {
		if (!this.breaker.tryAcquirePermission()) {
			throw CacheUnavailableException.REFUSED;
		}
		if (RedisDeadline.isExceeded()) {
			// the request spent its Redis budget: skip the call, but do not count it against Redis, whose calls
			// may all have been answered in time (only calls that really timed out open the breaker)
			this.breaker.releasePermission();
			throw CacheUnavailableException.REFUSED;
		}
		long start = System.nanoTime();
		try {
			T result = call.get();
			this.breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
			return result;
		}
		catch (RuntimeException ex) {
			this.breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, ex);
			this.log.warn("redis-" + what, "cachekit could not " + what + " Redis; the cache fails open", ex);
			throw new CacheUnavailableException(ex);
		}
	}

	/**
	 * Whether calls are currently let through (breaker closed or half-open).
	 * @return {@code false} while the breaker is open
	 */
	public boolean isCallPermitted() {
		CircuitBreaker.State state = this.breaker.getState();
		return state != CircuitBreaker.State.OPEN && state != CircuitBreaker.State.FORCED_OPEN;
	}

	/**
	 * The circuit breaker.
	 * @return the breaker
	 */
	public CircuitBreaker breaker() {
		return this.breaker;
	}

	/**
	 * The throttled logger.
	 * @return the logger
	 */
	public ThrottledLogger log() {
		return this.log;
	}

}
