package io.cachekit.ratelimit;

/**
 * What a rate limit does when Redis cannot be reached.
 */
public enum RateLimitFailurePolicy {

	/**
	 * Admit the request (or ask the local in-JVM fallback limiter, when enabled), count it and log
	 * a warning at most once per interval.
	 */
	FAIL_OPEN,

	/** Reject the request with {@link RateLimiterUnavailableException} (HTTP 503). */
	FAIL_CLOSED

}
