package io.cachekit.resilience;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.redisson.spring.starter.RedissonAutoConfigurationV4;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.cachekit.autoconfigure.CachekitCacheAutoConfiguration;
import io.cachekit.autoconfigure.CachekitLockAutoConfiguration;
import io.cachekit.autoconfigure.CachekitRateLimitAutoConfiguration;
import io.cachekit.autoconfigure.CachekitResilienceAutoConfiguration;
import io.cachekit.lock.LockTemplate;
import io.cachekit.lock.LockUnavailableException;
import io.cachekit.ratelimit.RateLimit;
import io.cachekit.ratelimit.RateLimitAlgorithm;
import io.cachekit.ratelimit.RateLimitEnforcer;
import io.cachekit.ratelimit.RateLimitFailurePolicy;
import io.cachekit.ratelimit.RateLimitRule;
import io.cachekit.ratelimit.RateLimiterUnavailableException;
import io.cachekit.test.BlackholeProxy;
import io.cachekit.test.EmbeddedRedisServer;
import io.cachekit.test.RedisProbe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A hung Redis, two ways: the server frozen with {@code SIGSTOP}, and a proxy in front of it that stops
 * forwarding without closing anything (a path that drops packets). Each "request" opens a
 * {@link RedisDeadline} of 250 ms, as cachekit's servlet filter does, and makes a cached read, two
 * rate-limit decisions and a lock attempt. Every request ends within the deadline plus scheduling slack,
 * with each feature's documented policy: the cache fails open (the method runs), a fail-open rule admits, a
 * fail-closed rule refuses, a lock is not taken. The breakers open, after which requests cost almost
 * nothing; once Redis answers again, reads are served from Redis after the breaker's wait.
 */
class RedisHangIntegrationTests {

	private static final Duration DEADLINE = Duration.ofMillis(250);

	/** Scheduling slack on a shared 2-core machine. */
	private static final Duration SLACK = Duration.ofMillis(150);

	private static final Duration HANG = Duration.ofSeconds(4);

	private static final RateLimitRule OPEN_RULE = new RateLimitRule("open",
			new RateLimit(1000, Duration.ofMinutes(1), RateLimitAlgorithm.FIXED_WINDOW), RateLimitFailurePolicy.FAIL_OPEN,
			false);

	private static final RateLimitRule CLOSED_RULE = new RateLimitRule("closed",
			new RateLimit(1000, Duration.ofMinutes(1), RateLimitAlgorithm.FIXED_WINDOW),
			RateLimitFailurePolicy.FAIL_CLOSED, false);

	private final EmbeddedRedisServer redis = EmbeddedRedisServer.start(0);

	private final BlackholeProxy proxy = BlackholeProxy.start("127.0.0.1", this.redis.port());

	@AfterEach
	void stop() {
		this.proxy.close();
		this.redis.close();
	}

	private ApplicationContextRunner runner(int port) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(RedissonAutoConfigurationV4.class,
					CachekitResilienceAutoConfiguration.class, CachekitCacheAutoConfiguration.class,
					CachekitRateLimitAutoConfiguration.class, CachekitLockAutoConfiguration.class))
			.withUserConfiguration(Services.class)
			.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + port,
					"cachekit.namespace=hang", "cachekit.lock.wait-time=0s");
	}

	@Test
	void frozenRedisCostsEachRequestAtMostItsDeadline() {
		runner(this.redis.port()).run((context) -> hang(context.getBean(Products.class),
				context.getBean(RateLimitEnforcer.class), context.getBean(LockTemplate.class),
				context.getBean(CachekitResilience.class), this.redis::freeze, this.redis::thaw));
	}

	@Test
	void connectionThatDropsPacketsCostsEachRequestAtMostItsDeadline() {
		runner(this.proxy.port()).run((context) -> hang(context.getBean(Products.class),
				context.getBean(RateLimitEnforcer.class), context.getBean(LockTemplate.class),
				context.getBean(CachekitResilience.class), () -> {
					this.proxy.blackhole();
					assertThat(RedisProbe.answers(this.proxy.port(), 300)).as("the proxy swallows a PING").isFalse();
					assertThat(RedisProbe.answers(this.redis.port(), 300)).as("Redis itself is fine").isTrue();
				}, this.proxy::restore));
	}

	private void hang(Products products, RateLimitEnforcer rateLimits, LockTemplate locks,
			CachekitResilience resilience, Runnable fault, Runnable heal) throws InterruptedException {
		products.product(1);
		assertThat(products.product(1)).isEqualTo("product-1");
		assertThat(products.calls()).isOne();
		fault.run();
		CircuitBreaker cache = resilience.breaker(CachekitResilience.CACHE);
		long slowest = 0;
		long slowestWhileOpen = 0;
		int requests = 0;
		int lockRefusals = 0;
		long end = System.nanoTime() + HANG.toNanos();
		// each breaker counts only its own calls that timed out; a call skipped for a spent budget is not one, so
		// the breakers open one after the other (the cache's first, then the rate limit's, then the lock's), each
		// feature meeting the hang with its breaker closed: run until all three are open (bounded)
		long giveUp = System.nanoTime() + HANG.plusSeconds(30).toNanos();
		while ((System.nanoTime() < end || !allOpen(resilience)) && System.nanoTime() < giveUp) {
			boolean open = cache.getState() == CircuitBreaker.State.OPEN;
			long start = System.nanoTime();
			try (RedisDeadline.Scope scope = RedisDeadline.open(DEADLINE)) {
				assertThat(products.product(requests % 5)).isEqualTo("product-" + (requests % 5));
				assertThat(rateLimits.decide(OPEN_RULE, "client").allowed()).isTrue();
				assertThatExceptionOfType(RateLimiterUnavailableException.class)
					.isThrownBy(() -> rateLimits.decide(CLOSED_RULE, "client"));
				AtomicInteger ran = new AtomicInteger();
				try {
					locks.withLock("job", ran::incrementAndGet);
				}
				catch (LockUnavailableException ex) {
					lockRefusals++;
				}
				assertThat(ran).as("a lock that cannot be taken never runs its code").hasValue(0);
			}
			long took = System.nanoTime() - start;
			slowest = Math.max(slowest, took);
			if (open) {
				slowestWhileOpen = Math.max(slowestWhileOpen, took);
			}
			requests++;
			Thread.sleep(5);
		}
		System.out.printf("hang: %d requests, slowest %d ms, slowest with the cache breaker open %d ms%n", requests,
				Duration.ofNanos(slowest).toMillis(), Duration.ofNanos(slowestWhileOpen).toMillis());
		assertThat(Duration.ofNanos(slowest)).as("the slowest request").isLessThan(DEADLINE.plus(SLACK));
		assertThat(cache.getState()).isIn(CircuitBreaker.State.OPEN, CircuitBreaker.State.HALF_OPEN);
		assertThat(resilience.breaker(CachekitResilience.RATE_LIMIT).getState()).isIn(CircuitBreaker.State.OPEN,
				CircuitBreaker.State.HALF_OPEN);
		assertThat(resilience.breaker(CachekitResilience.LOCK).getState()).isIn(CircuitBreaker.State.OPEN,
				CircuitBreaker.State.HALF_OPEN);
		assertThat(lockRefusals).isEqualTo(requests);
		assertThat(requests).as("requests went on during the hang").isGreaterThan(30);
		heal.run();
		long healed = System.nanoTime();
		Duration wait = resilience.policy(CachekitResilience.CACHE).waitInOpenState();
		// the breaker probes after its wait; from then on reads are hits again
		int before = -1;
		while (products.calls() != before) {
			assertThat(Duration.ofNanos(System.nanoTime() - healed)).as("hits from Redis again")
				.isLessThan(wait.plusSeconds(1));
			before = products.calls();
			products.product(1);
			products.product(1);
			Thread.sleep(50);
		}
		assertThat(cache.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		System.out.printf("hang: hits from Redis again %d ms after it answered%n",
				Duration.ofNanos(System.nanoTime() - healed).toMillis());
	}

	private static boolean allOpen(CachekitResilience resilience) {
		return Stream.of(CachekitResilience.CACHE, CachekitResilience.RATE_LIMIT, CachekitResilience.LOCK)
			.map((name) -> resilience.breaker(name).getState())
			.allMatch((state) -> state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.HALF_OPEN);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class Services {

		@Bean
		Products products() {
			return new Products();
		}

	}

	static class Products {

		private final AtomicInteger calls = new AtomicInteger();

		@Cacheable("products")
		public String product(long id) {
			this.calls.incrementAndGet();
			return "product-" + id;
		}

		int calls() {
			return this.calls.get();
		}

	}

}
