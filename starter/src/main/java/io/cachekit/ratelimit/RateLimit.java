package io.cachekit.ratelimit;

import java.time.Duration;

import org.springframework.util.Assert;

/**
 * A limit of {@code limit} requests per {@code window}, counted by {@code algorithm}. The limit and
 * window are sent with every decision, so changing them takes effect on the next request.
 *
 * @param limit requests admitted per window
 * @param window the window
 * @param algorithm how requests are counted
 */
public record RateLimit(long limit, Duration window, RateLimitAlgorithm algorithm) {

	/**
	 * Checks the limit.
	 * @param limit requests per window
	 * @param window the window
	 * @param algorithm the algorithm
	 */
	public RateLimit {
		Assert.isTrue(limit > 0, () -> "Limit must be positive, not " + limit);
		Assert.notNull(window, "Window must not be null");
		Assert.isTrue(window.toMillis() > 0, () -> "Window must be at least 1 ms, not " + window);
		Assert.notNull(algorithm, "Algorithm must not be null");
	}

	@Override
	public String toString() {
		return this.limit + " per " + this.window.toMillis() + " ms (" + this.algorithm + ")";
	}

}
