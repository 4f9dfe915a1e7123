package io.cachekit.ratelimit;

import java.time.Duration;
import java.util.UUID;

import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

import io.cachekit.test.EmbeddedRedisServer;
import io.cachekit.test.TestRedisson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The rate-limit meter on a real Redis: {@code cachekit.rate-limit.decision} per rule and outcome, and who
 * decided when Redis could not.
 */
class RateLimitMetersIntegrationTests {

	private static final String PREFIX = "test-rl-meters-" + UUID.randomUUID() + ":";

	private static RedissonClient redisson;

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final RateLimit twoPerHour = new RateLimit(2, Duration.ofHours(1), RateLimitAlgorithm.SLIDING_WINDOW);

	@BeforeAll
	static void connect() {
		redisson = TestRedisson.shared();
	}

	@AfterAll
	static void disconnect() {
		redisson.getKeys().deleteByPattern(PREFIX + "*");
		redisson.shutdown();
	}

	@Test
	void decisionsAreCountedPerRuleAndOutcome() {
		RateLimitEnforcer enforcer = observed(new RateLimitEnforcer(new RedisRateLimiter(() -> redisson, PREFIX),
				new LocalRateLimiter()));
		RateLimitRule rule = new RateLimitRule("login", this.twoPerHour, RateLimitFailurePolicy.FAIL_OPEN, false);
		for (int i = 0; i < 5; i++) {
			enforcer.decide(rule, "ip:203.0.113.7");
		}
		assertThat(count("login", "allowed", "redis")).isEqualTo(2);
		assertThat(count("login", "denied", "redis")).isEqualTo(3);
		assertThat(this.meters.getMeters()).allSatisfy((meter) -> assertThat(meter.getId().getTags())
			.noneMatch((tag) -> tag.getValue().contains("203.0.113.7")));
	}

	@Test
	void decisionsWithoutRedisSayWhoDecided() {
		EmbeddedRedisServer server = EmbeddedRedisServer.start(0);
		RedissonClient client = TestRedisson.create(server.url());
		try {
			RateLimitEnforcer enforcer = observed(new RateLimitEnforcer(new RedisRateLimiter(() -> client, PREFIX),
					new LocalRateLimiter()));
			server.stop();
			RateLimitRule open = new RateLimitRule("search", this.twoPerHour, RateLimitFailurePolicy.FAIL_OPEN, false);
			RateLimitRule local = new RateLimitRule("api", this.twoPerHour, RateLimitFailurePolicy.FAIL_OPEN, true);
			RateLimitRule closed = new RateLimitRule("payment", this.twoPerHour, RateLimitFailurePolicy.FAIL_CLOSED,
					false);
			enforcer.decide(open, "client");
			for (int i = 0; i < 3; i++) {
				enforcer.decide(local, "client");
			}
			assertThatExceptionOfType(RateLimiterUnavailableException.class)
				.isThrownBy(() -> enforcer.decide(closed, "client"));
			assertThat(count("search", "allowed", "none")).isEqualTo(1);
			assertThat(count("api", "allowed", "local")).isEqualTo(2);
			assertThat(count("api", "denied", "local")).isEqualTo(1);
			assertThat(count("payment", "rejected-unavailable", "none")).isEqualTo(1);
		}
		finally {
			client.shutdown();
			server.close();
		}
	}

	private RateLimitEnforcer observed(RateLimitEnforcer enforcer) {
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(this.meters));
		enforcer.setObservationRegistry(observations);
		return enforcer;
	}

	private long count(String rule, String outcome, String decidedBy) {
		return this.meters.get(RateLimitEnforcer.DECISION)
			.tags("rule", rule, "outcome", outcome, "decided.by", decidedBy)
			.timer()
			.count();
	}

}
