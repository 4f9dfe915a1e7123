package io.cachekit.ratelimit;

import org.springframework.util.Assert;

/**
 * A named limit with its failure policy: what an annotation or an HTTP rule enforces.
 *
 * @param name the rule's name, part of every key it creates
 * @param limit the limit
 * @param failurePolicy what to do when Redis is down
 * @param localFallback whether a fail-open rule asks an in-JVM limiter while Redis is down
 */
public record RateLimitRule(String name, RateLimit limit, RateLimitFailurePolicy failurePolicy,
		boolean localFallback) {

	/**
	 * Checks the rule.
	 * @param name the name
	 * @param limit the limit
	 * @param failurePolicy the failure policy
	 * @param localFallback whether to fall back to an in-JVM limiter
	 */
	public RateLimitRule {
		Assert.hasText(name, "Rule name must not be empty");
		Assert.notNull(limit, "Limit must not be null");
		Assert.notNull(failurePolicy, "Failure policy must not be null");
	}

}
