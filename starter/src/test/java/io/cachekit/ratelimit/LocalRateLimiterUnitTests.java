package io.cachekit.ratelimit;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The in-JVM fallback limiter on a fake clock.
 */
class LocalRateLimiterUnitTests {

	private final AtomicLong nanos = new AtomicLong();

	private final LocalRateLimiter limiter = new LocalRateLimiter(this.nanos::get, 100);

	private final RateLimit limit = new RateLimit(3, Duration.ofSeconds(3), RateLimitAlgorithm.FIXED_WINDOW);

	@Test
	void admitsTheLimitThenDenies() {
		assertThat(this.limiter.tryAcquire("a", this.limit).remaining()).isEqualTo(2);
		this.limiter.tryAcquire("a", this.limit);
		this.limiter.tryAcquire("a", this.limit);
		RateLimitDecision denied = this.limiter.tryAcquire("a", this.limit);
		assertThat(denied.allowed()).isFalse();
		assertThat(denied.retryAfter()).isEqualTo(Duration.ofSeconds(1));
	}

	@Test
	void refillsOverTime() {
		for (int i = 0; i < 3; i++) {
			this.limiter.tryAcquire("b", this.limit);
		}
		this.nanos.addAndGet(Duration.ofSeconds(1).toNanos());
		assertThat(this.limiter.tryAcquire("b", this.limit).allowed()).isTrue();
		assertThat(this.limiter.tryAcquire("b", this.limit).allowed()).isFalse();
	}

	@Test
	void keysAreIndependent() {
		for (int i = 0; i < 3; i++) {
			this.limiter.tryAcquire("c", this.limit);
		}
		assertThat(this.limiter.tryAcquire("d", this.limit).allowed()).isTrue();
	}

}
