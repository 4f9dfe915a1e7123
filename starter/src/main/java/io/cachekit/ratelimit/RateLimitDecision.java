package io.cachekit.ratelimit;

import java.time.Duration;

/**
 * The outcome of one rate-limit check.
 *
 * @param allowed whether the request is admitted
 * @param limit the limit per window
 * @param remaining requests still admitted now
 * @param reset when the quota is next replenished (a permit frees up, or the window ends)
 * @param retryAfter how long a denied client should wait; zero when allowed
 */
public record RateLimitDecision(boolean allowed, long limit, long remaining, Duration reset, Duration retryAfter) {

	/**
	 * A decision made without Redis that admits the request.
	 * @param limit the rule's limit
	 * @return an admitting decision
	 */
	public static RateLimitDecision admittedWithoutRedis(RateLimit limit) {
		return new RateLimitDecision(true, limit.limit(), limit.limit(), limit.window(), Duration.ZERO);
	}

}
