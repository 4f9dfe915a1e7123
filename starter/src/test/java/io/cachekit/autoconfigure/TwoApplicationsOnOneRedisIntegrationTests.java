package io.cachekit.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import io.cachekit.keys.CachekitKeys;
import io.cachekit.lock.LockOptions;
import io.cachekit.lock.LockTemplate;
import io.cachekit.ratelimit.RateLimit;
import io.cachekit.ratelimit.RateLimitAlgorithm;
import io.cachekit.ratelimit.RateLimiter;
import io.cachekit.test.EmbeddedRedisServer;
import io.cachekit.writebehind.WriteBehindTemplate;
import io.cachekit.writebehind.pending.WriteBehindCache;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two applications on one Redis and one Kafka, told apart only by their names: the same cache, key, lock, rate
 * limit and write-behind entity in each never meet, every key each writes starts with its namespace (inside a
 * hash tag for leases and fencing tokens), and each publishes to a topic of its own.
 */
class TwoApplicationsOnOneRedisIntegrationTests {

	private final String run = UUID.randomUUID().toString().substring(0, 8);

	private final EmbeddedRedisServer redis = EmbeddedRedisServer.start(0);

	private final ApplicationContextRunner runner = EveryAutoConfiguration.runner()
		.withUserConfiguration(ShopConfiguration.class)
		.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + this.redis.port(),
				"cachekit.cache.default-ttl=10m");

	@AfterEach
	void stop() {
		this.redis.close();
	}

	@Test
	void twoApplicationsNamedApartShareNothingInRedisOrKafka() throws Exception {
		String first = "billing-" + this.run;
		String second = "shipping-" + this.run;
		List<String> topics = new ArrayList<>();
		this.runner.withPropertyValues("spring.application.name=" + first).run((billing) -> {
			this.runner.withPropertyValues("spring.application.name=" + second).run((shipping) -> {
				assertThat(billing.getBean(Shop.class).product("7")).isEqualTo("product 7 of " + first);
				assertThat(shipping.getBean(Shop.class).product("7")).as("not the other application's entry")
					.isEqualTo("product 7 of " + second);
				holdLockWhile(billing, () -> {
					String outcome = shipping.getBean(LockTemplate.class)
						.withLock("nightly-report", LockOptions.DEFAULT, (handle) -> "acquired at once");
					assertThat(outcome).as("the same lock name in the other application").isEqualTo("acquired at once");
				});
				RateLimit once = new RateLimit(1, Duration.ofMinutes(1), RateLimitAlgorithm.FIXED_WINDOW);
				assertThat(billing.getBean(RateLimiter.class).tryAcquire("login:alice", once).allowed()).isTrue();
				assertThat(billing.getBean(RateLimiter.class).tryAcquire("login:alice", once).allowed()).isFalse();
				assertThat(shipping.getBean(RateLimiter.class).tryAcquire("login:alice", once).allowed())
					.as("a bucket of its own").isTrue();
				billing.getBean(WriteBehindTemplate.class).save("order", "1", Map.of("by", first));
				shipping.getBean(WriteBehindTemplate.class).save("order", "1", Map.of("by", second));
				assertThat(billing.getBean(WriteBehindCache.class).get("order", "1").json()).contains(first);
				assertThat(shipping.getBean(WriteBehindCache.class).get("order", "1").json()).contains(second);
				topics.add(topicOf(billing));
				topics.add(topicOf(shipping));
			});
		});
		assertThat(topics).containsExactly(first + ".write-behind", second + ".write-behind");
		List<String> keys = List.of(this.redis.command("KEYS", "*").split("\n"));
		assertThat(keys).as("what both applications wrote").isNotEmpty();
		assertThat(keys).allSatisfy((key) -> assertThat(key).matches("\\{?(" + first + "|" + second + "):.*"));
		assertThat(keys).anyMatch((key) -> key.startsWith(first + ":products:"))
			.anyMatch((key) -> key.startsWith(second + ":products:"))
			.anyMatch((key) -> key.startsWith(first + ":~rate:"))
			.anyMatch((key) -> key.equals("{" + second + ":order:1}~wb"));
	}

	private static String topicOf(ConfigurableApplicationContext context) {
		return context.getBean(CachekitKeys.class).writeBehindTopic();
	}

	/** Holds a lock in one application on another thread while the check runs. */
	private static void holdLockWhile(ConfigurableApplicationContext application, Runnable check) throws Exception {
		CountDownLatch held = new CountDownLatch(1);
		CountDownLatch done = new CountDownLatch(1);
		AtomicReference<Throwable> failure = new AtomicReference<>();
		Thread holder = new Thread(() -> {
			try {
				application.getBean(LockTemplate.class).withLock("nightly-report", () -> {
					held.countDown();
					await(done);
				});
			}
			catch (Throwable ex) {
				failure.set(ex);
				held.countDown();
			}
		});
		holder.start();
		assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
		try {
			assertThat(failure.get()).isNull();
			check.run();
		}
		finally {
			done.countDown();
			holder.join(10_000);
		}
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	static class Shop {

		private final String name;

		Shop(String name) {
			this.name = name;
		}

		@Cacheable(cacheNames = "products", key = "#id")
		public String product(String id) {
			return "product " + id + " of " + this.name;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class ShopConfiguration {

		@Bean
		Shop shop(Environment environment) {
			return new Shop(environment.getProperty("spring.application.name"));
		}

	}

}
