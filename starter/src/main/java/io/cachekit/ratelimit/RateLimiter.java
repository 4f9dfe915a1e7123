package io.cachekit.ratelimit;

/**
 * Decides whether one request fits a limit, counting it if it does. Implementations must be
 * atomic across every instance sharing the store.
 */
@FunctionalInterface
public interface RateLimiter {

	/**
	 * Takes one permit for the key if the limit allows.
	 * @param key the client's bucket, e.g. {@code "api:ip:203.0.113.7"}
	 * @param limit the limit to apply
	 * @return the decision
	 */
	RateLimitDecision tryAcquire(String key, RateLimit limit);

}
