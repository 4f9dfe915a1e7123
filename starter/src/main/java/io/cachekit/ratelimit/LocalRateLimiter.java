package io.cachekit.ratelimit;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

/**
 * An in-JVM token bucket per key, used by fail-open rules with a local fallback while Redis is
 * down. Whatever the rule's algorithm, it admits at most {@code limit} per window in this JVM (so
 * the whole fleet admits up to {@code limit} times the number of instances). Idle buckets are
 * evicted.
 */
public class LocalRateLimiter implements RateLimiter {

	private final Cache<String, Bucket> buckets;

	private final Ticker ticker;

	/**
	 * Creates a limiter on the system ticker that keeps at most 100,000 buckets.
	 */
	public LocalRateLimiter() {
		this(Ticker.systemTicker(), 100_000);
	}

	/**
	 * Creates a limiter.
	 * @param ticker the time source
	 * @param maximumBuckets how many keys to track at most
	 */
	public LocalRateLimiter(Ticker ticker, long maximumBuckets) {
		this.ticker = ticker;
		this.buckets = Caffeine.newBuilder()
			.ticker(ticker)
			.maximumSize(maximumBuckets)
			.expireAfterAccess(Duration.ofHours(1))
			.build();
	}

	@Override
	public RateLimitDecision tryAcquire(String key, RateLimit limit) {
		Bucket bucket = this.buckets.get(key + "|" + limit.algorithm(), (k) -> new Bucket(this.ticker.read(), limit));
		return bucket.tryAcquire(this.ticker.read(), limit);
	}

	private static final class Bucket {

		private double tokens;

		private long updatedNanos;

		Bucket(long now, RateLimit limit) {
			this.tokens = limit.limit();
			this.updatedNanos = now;
		}

		synchronized RateLimitDecision tryAcquire(long now, RateLimit limit) {
			double ratePerNano = (double) limit.limit() / limit.window().toNanos();
			this.tokens = Math.min(limit.limit(), this.tokens + Math.max(0, now - this.updatedNanos) * ratePerNano);
			this.updatedNanos = now;
			if (this.tokens < 1) {
				Duration retry = Duration.ofNanos((long) Math.ceil((1 - this.tokens) / ratePerNano));
				return new RateLimitDecision(false, limit.limit(), 0, retry, retry);
			}
			this.tokens -= 1;
			Duration full = Duration.ofNanos((long) Math.ceil((limit.limit() - this.tokens) / ratePerNano));
			return new RateLimitDecision(true, limit.limit(), (long) this.tokens, full, Duration.ZERO);
		}

	}

}
