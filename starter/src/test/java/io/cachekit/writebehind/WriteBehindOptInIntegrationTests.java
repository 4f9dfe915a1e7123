package io.cachekit.writebehind;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.redisson.spring.starter.RedissonAutoConfigurationV4;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.cachekit.autoconfigure.CachekitCacheAutoConfiguration;
import io.cachekit.autoconfigure.CachekitWriteBehindAutoConfiguration;
import io.cachekit.test.DevServices;
import io.cachekit.test.EmbeddedRedisServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Write-behind is opt-in per cache: a miss of a cache that is not written behind sends no pending lookup.
 * Counted on a Redis server of the test's own ({@code INFO commandstats}), so no other test's commands mix in.
 */
class WriteBehindOptInIntegrationTests {

	/** Commands that are not part of a cache operation: connection upkeep, pub/sub, the counting itself. */
	private static final Set<String> UPKEEP = Set.of("ping", "info", "client", "hello", "select", "subscribe",
			"psubscribe", "unsubscribe", "punsubscribe", "publish", "config", "command", "readonly", "cluster");

	private final String run = UUID.randomUUID().toString().substring(0, 8);

	private final EmbeddedRedisServer redis = EmbeddedRedisServer.start(0);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, KafkaAutoConfiguration.class,
				RedissonAutoConfigurationV4.class, CachekitCacheAutoConfiguration.class,
				CachekitWriteBehindAutoConfiguration.class))
		.withUserConfiguration(Services.class)
		.withPropertyValues("spring.kafka.bootstrap-servers=" + DevServices.shared().kafkaBootstrapServers(),
				"spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + this.redis.port(),
				"cachekit.write-behind.topic=wb-opt-in-" + this.run, "cachekit.cache.default-ttl=10m",
				"cachekit.cache.invalidation.metadata-refresh=10m");

	@AfterEach
	void stop() {
		this.redis.close();
	}

	@Test
	void aMissOfACacheThatIsNotWrittenBehindCostsOneRoundTripLess() {
		this.runner.run((context) -> {
			Catalog catalog = context.getBean(Catalog.class);
			assertThat(context.getBean(WrittenBehindCaches.class).names()).as("found on the @WriteBehind method")
				.containsExactly("user");
			// the first read of each cache also reads its generation: not part of what is compared
			catalog.product("warm-up");
			catalog.user("warm-up");
			Map<String, Long> before = commandCalls();
			catalog.product("p1");
			Map<String, Long> afterPlain = commandCalls();
			catalog.user("u1");
			Map<String, Long> afterWrittenBehind = commandCalls();
			assertThat(catalog.loads()).isEqualTo(4);
			Map<String, Long> plain = delta(before, afterPlain);
			Map<String, Long> writtenBehind = delta(afterPlain, afterWrittenBehind);
			assertThat(plain).as("miss and load of a plain cache: GET, the lease claim, the leased write")
				.doesNotContainKey("hgetall");
			assertThat(writtenBehind).as("the same on a cache written behind, plus the pending lookup")
				.containsEntry("hgetall", 1L);
			assertThat(total(writtenBehind) - total(plain)).isEqualTo(1);
		});
	}

	@Test
	void aDeclaredCacheLooksUpPendingSavesWithoutAnAnnotatedMethod() {
		this.runner.withPropertyValues("cachekit.write-behind.caches=product").run((context) -> {
			Catalog catalog = context.getBean(Catalog.class);
			catalog.product("warm-up");
			Map<String, Long> before = commandCalls();
			catalog.product("p2");
			assertThat(delta(before, commandCalls())).containsEntry("hgetall", 1L);
		});
	}

	private Map<String, Long> commandCalls() {
		Map<String, Long> calls = new HashMap<>();
		for (String line : this.redis.command("INFO", "commandstats").split("\r?\n")) {
			if (line.startsWith("cmdstat_")) {
				String name = line.substring("cmdstat_".length(), line.indexOf(':'));
				String count = line.substring(line.indexOf("calls=") + 6, line.indexOf(',', line.indexOf("calls=")));
				if (!UPKEEP.contains(name) && !name.contains("|")) {
					calls.put(name, Long.parseLong(count));
				}
			}
		}
		return calls;
	}

	private static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
		Map<String, Long> delta = new HashMap<>();
		after.forEach((name, count) -> {
			long difference = count - before.getOrDefault(name, 0L);
			if (difference != 0) {
				delta.put(name, difference);
			}
		});
		return delta;
	}

	private static long total(Map<String, Long> calls) {
		return calls.values().stream().mapToLong(Long::longValue).sum();
	}

	static class Catalog {

		private final AtomicInteger loads = new AtomicInteger();

		int loads() {
			return this.loads.get();
		}

		@Cacheable(cacheNames = "product", key = "#id")
		public String product(String id) {
			this.loads.incrementAndGet();
			return "product " + id;
		}

		@Cacheable(cacheNames = "user", key = "#id")
		public String user(String id) {
			this.loads.incrementAndGet();
			return "user " + id;
		}

		@WriteBehind(cache = "user", key = "#name")
		public String saveUser(String name) {
			return name;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class Services {

		@Bean
		Catalog catalog() {
			return new Catalog();
		}

	}

}
