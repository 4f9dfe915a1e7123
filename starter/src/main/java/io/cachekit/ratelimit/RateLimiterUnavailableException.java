package io.cachekit.ratelimit;

import java.util.Map;

import io.cachekit.CachekitException;

/**
 * Thrown by a fail-closed rule when Redis cannot be reached: the request is rejected rather than
 * admitted unchecked. Rendered as HTTP 503 Service Unavailable.
 */
public class RateLimiterUnavailableException extends CachekitException {

	/**
	 * Creates the exception.
	 * @param rule the rule
	 * @param cause the Redis failure
	 */
	public RateLimiterUnavailableException(RateLimitRule rule, Throwable cause) {
		super("Rate limit '" + rule.name() + "' cannot be checked because Redis is unavailable ("
				+ cause.getMessage() + "); the rule fails closed", cause);
	}

	@Override
	public int httpStatus() {
		return 503;
	}

	@Override
	public String title() {
		return "Rate limiter unavailable";
	}

	@Override
	public Map<String, String> httpHeaders() {
		return Map.of("Retry-After", "1");
	}

}
