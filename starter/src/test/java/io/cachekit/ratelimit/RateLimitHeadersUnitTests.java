package io.cachekit.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The header values derived from a decision.
 */
class RateLimitHeadersUnitTests {

	private final Clock clock = Clock.fixed(Instant.ofEpochSecond(1_700_000_000), ZoneOffset.UTC);

	@Test
	void admittedDecisionHasLimitHeadersAndNoRetryAfter() {
		RateLimitDecision decision = new RateLimitDecision(true, 100, 42, Duration.ofMillis(12_300), Duration.ZERO);
		assertThat(RateLimitHeaders.of(decision, this.clock)).containsEntry("RateLimit-Limit", "100")
			.containsEntry("RateLimit-Remaining", "42")
			.containsEntry("RateLimit-Reset", "13")
			.containsEntry("X-RateLimit-Limit", "100")
			.containsEntry("X-RateLimit-Remaining", "42")
			.containsEntry("X-RateLimit-Reset", "1700000013")
			.doesNotContainKey("Retry-After");
	}

	@Test
	void deniedDecisionRoundsRetryAfterUpToWholeSeconds() {
		RateLimitDecision decision = new RateLimitDecision(false, 5, 0, Duration.ofMillis(200), Duration.ofMillis(200));
		assertThat(RateLimitHeaders.of(decision, this.clock)).containsEntry("Retry-After", "1")
			.containsEntry("RateLimit-Remaining", "0");
	}

}
