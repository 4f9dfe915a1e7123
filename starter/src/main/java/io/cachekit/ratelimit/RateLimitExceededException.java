package io.cachekit.ratelimit;

import java.time.Clock;
import java.util.Map;

import io.cachekit.CachekitException;

/**
 * Thrown when a request exceeds its rate limit. Carries the decision (limit, remaining, reset,
 * retry-after); rendered as HTTP 429 Too Many Requests with {@code Retry-After} and the rate-limit
 * headers.
 */
public class RateLimitExceededException extends CachekitException {

	private final RateLimitDecision decision;

	private final transient Map<String, String> headers;

	/**
	 * Creates the exception.
	 * @param rule the rule that denied the request
	 * @param decision the decision
	 */
	public RateLimitExceededException(RateLimitRule rule, RateLimitDecision decision) {
		super("Rate limit '" + rule.name() + "' of " + rule.limit().limit() + " requests per "
				+ rule.limit().window().toMillis() + " ms exceeded; retry after "
				+ Math.max(1, (decision.retryAfter().toMillis() + 999) / 1000) + " s");
		this.decision = decision;
		this.headers = RateLimitHeaders.of(decision, Clock.systemUTC());
	}

	/**
	 * The decision that denied the request.
	 * @return the decision
	 */
	public RateLimitDecision getDecision() {
		return this.decision;
	}

	@Override
	public int httpStatus() {
		return 429;
	}

	@Override
	public String title() {
		return "Too many requests";
	}

	@Override
	public Map<String, String> httpHeaders() {
		return this.headers;
	}

}
