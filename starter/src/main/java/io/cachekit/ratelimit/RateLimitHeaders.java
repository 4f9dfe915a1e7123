package io.cachekit.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The response headers that describe a rate-limit decision: {@code RateLimit-Limit},
 * {@code RateLimit-Remaining} and {@code RateLimit-Reset} (seconds until reset), the widely used
 * {@code X-RateLimit-Limit}, {@code X-RateLimit-Remaining} and {@code X-RateLimit-Reset} (Unix
 * time in seconds), and {@code Retry-After} (seconds) when the request was denied.
 */
public final class RateLimitHeaders {

	private RateLimitHeaders() {
	}

	/**
	 * The headers for a decision.
	 * @param decision the decision
	 * @param clock the clock for the absolute reset time
	 * @return header names and values, in a stable order
	 */
	public static Map<String, String> of(RateLimitDecision decision, Clock clock) {
		Map<String, String> headers = new LinkedHashMap<>();
		long resetSeconds = ceilSeconds(decision.reset());
		headers.put("RateLimit-Limit", String.valueOf(decision.limit()));
		headers.put("RateLimit-Remaining", String.valueOf(decision.remaining()));
		headers.put("RateLimit-Reset", String.valueOf(resetSeconds));
		headers.put("X-RateLimit-Limit", String.valueOf(decision.limit()));
		headers.put("X-RateLimit-Remaining", String.valueOf(decision.remaining()));
		headers.put("X-RateLimit-Reset", String.valueOf((clock.millis() + decision.reset().toMillis() + 999) / 1000));
		if (!decision.allowed()) {
			headers.put("Retry-After", String.valueOf(Math.max(1, ceilSeconds(decision.retryAfter()))));
		}
		return headers;
	}

	private static long ceilSeconds(Duration duration) {
		long millis = duration.toMillis();
		return (millis + 999) / 1000;
	}

}
