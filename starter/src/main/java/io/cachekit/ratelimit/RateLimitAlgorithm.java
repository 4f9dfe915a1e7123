package io.cachekit.ratelimit;

/**
 * How requests are counted against a limit per window. Each is one atomic Lua call in Redis.
 */
public enum RateLimitAlgorithm {

	/**
	 * A counter per client that starts with its first request and expires one window later. Cheap
	 * and exact per window, but a client can send {@code limit} requests at the end of one window
	 * and {@code limit} more at the start of the next: up to twice the limit within a short span.
	 */
	FIXED_WINDOW("fw", "fixed_window.lua"),

	/**
	 * A log of admitted requests' times (a sorted set): never more than {@code limit} requests in
	 * any window-long span. Memory grows with the limit.
	 */
	SLIDING_WINDOW("sw", "sliding_window_log.lua"),

	/**
	 * Two counters (current and previous fixed window), the previous weighted by its overlap with
	 * the sliding window. O(1) memory; assumes requests were spread evenly over the previous
	 * window.
	 */
	SLIDING_WINDOW_APPROXIMATE("swa", "sliding_window_counter.lua"),

	/**
	 * A bucket of {@code limit} tokens refilled continuously at {@code limit} per window: bursts
	 * up to the limit, then a steady rate.
	 */
	TOKEN_BUCKET("tb", "token_bucket.lua");

	private final String keySuffix;

	private final String script;

	RateLimitAlgorithm(String keySuffix, String script) {
		this.keySuffix = keySuffix;
		this.script = script;
	}

	/**
	 * Suffix of this algorithm's keys, so that switching algorithms never reads another's data.
	 * @return the suffix
	 */
	String keySuffix() {
		return this.keySuffix;
	}

	/**
	 * Classpath resource name of the Lua script.
	 * @return the name, relative to this package
	 */
	String script() {
		return this.script;
	}

}
