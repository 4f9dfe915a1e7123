package io.cachekit.writebehind;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

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
import io.cachekit.cache.CachekitCacheManager;
import io.cachekit.cache.RawRedis;
import io.cachekit.test.DevService;
import io.cachekit.test.DevServices;
import io.cachekit.test.ImportDevServices;
import io.cachekit.writebehind.pending.WriteBehindCache;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @WriteBehind} saves seen by {@code @Cacheable} reads of the same cache name and key, on real Kafka
 * and Redis and with no worker running: the database still holds the old value, yet reads answer the
 * acknowledged one until the worker has persisted it.
 */
class WriteBehindCacheableIntegrationTests {

	private final String run = UUID.randomUUID().toString().substring(0, 8);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, KafkaAutoConfiguration.class,
				RedissonAutoConfigurationV4.class, CachekitCacheAutoConfiguration.class,
				CachekitWriteBehindAutoConfiguration.class))
		.withUserConfiguration(Services.class)
		.withPropertyValues("spring.kafka.bootstrap-servers=" + DevServices.shared().kafkaBootstrapServers(),
				"cachekit.write-behind.topic=wb-cacheable-" + this.run,
				"cachekit.namespace=" + this.run,
				"cachekit.cache.default-ttl=10m");

	@Test
	void aCachedReadAfterASaveAnswersTheSavedValueBeforeTheWorkerPersistsIt() {
		this.runner.run((context) -> {
			Users users = context.getBean(Users.class);
			users.database().put("7", new User("7", "old"));
			assertThat(users.find("7").name()).isEqualTo("old");
			assertThat(users.findSync("7").name()).isEqualTo("old");
			users.save(new User("7", "new"));
			assertThat(users.database().get("7").name()).as("no worker ran").isEqualTo("old");
			assertThat(users.find("7").name()).isEqualTo("new");
			assertThat(users.findSync("7").name()).isEqualTo("new");
			assertThat(users.loads()).as("reads after the save did not load from the database").isEqualTo(1);
			assertThat(context.getBean(CachekitCacheManager.class).getCachekitCache("user").getStatistics()
				.pendingServed()).isEqualTo(2);
		});
	}

	@Test
	void onceThePinnedSaveIsPersistedReadsLoadAndCacheItAgain() {
		this.runner.run((context) -> {
			Users users = context.getBean(Users.class);
			users.database().put("8", new User("8", "old"));
			long version = context.getBean(WriteBehindTemplate.class).save("user", "8", new User("8", "new"));
			assertThat(users.find("8").name()).isEqualTo("new");
			assertThat(users.loads()).isZero();
			// what the worker does after its bulk write
			users.database().put("8", new User("8", "new"));
			context.getBean(WriteBehindCache.class).release("user", "8", version);
			assertThat(users.find("8").name()).isEqualTo("new");
			assertThat(users.find("8").name()).isEqualTo("new");
			assertThat(users.loads()).as("loaded once after the release, then a hit").isEqualTo(1);
		});
	}

	@Test
	void aSaveIsOneRedisCommandThatPinsAndDropsTheCachedCopy() {
		this.runner.run((context) -> {
			Users users = context.getBean(Users.class);
			users.database().put("10", new User("10", "old"));
			assertThat(users.find("10").name()).isEqualTo("old");
			String copy = context.getBean(CachekitCacheManager.class).getCachekitCache("user").storeKey("10");
			int port = DevServices.shared().redis().port();
			assertThat(RawRedis.command(port, "EXISTS", copy)).as("cached copy before the save").startsWith(":1");
			List<String> sent;
			try (RawRedis.Monitor monitor = RawRedis.monitor(port)) {
				users.save(new User("10", "new"));
				sent = monitor.awaitClientCommandsMentioning(copy);
			}
			// one script names the pin, the copy and its lease; no second command evicts the copy (a script
			// the client had to send again after NOSCRIPT would repeat that same command)
			assertThat(sent).as("commands of the save on the entity's keys").isNotEmpty().allSatisfy((line) ->
					assertThat(line).contains("\"{" + copy + "}~wb\"", "\"" + copy + "\"", "\"{" + copy + "}~lease\""));
			assertThat(RawRedis.command(port, "EXISTS", copy)).as("cached copy after the save").startsWith(":0");
			assertThat(context.getBean(WriteBehindCache.class).get("user", "10").pinned()).isTrue();
			assertThat(users.find("10").name()).isEqualTo("new");
			assertThat(users.loads()).as("the save's value is served pinned, not loaded").isEqualTo(1);
			assertThat(context.getBean(CachekitCacheManager.class).getCachekitCache("user").getStatistics()
				.evictions()).isEqualTo(1);
		});
	}

	@Test
	void servingToCachesCanBeTurnedOff() {
		this.runner.withPropertyValues("cachekit.write-behind.cache.serve-to-caches=false").run((context) -> {
			Users users = context.getBean(Users.class);
			users.database().put("9", new User("9", "old"));
			assertThat(users.find("9").name()).isEqualTo("old");
			users.save(new User("9", "new"));
			assertThat(users.find("9").name()).as("the cached copy is left alone").isEqualTo("old");
		});
	}

	record User(String id, String name) {

	}

	static class Users {

		private final Map<String, User> database = new ConcurrentHashMap<>();

		private final AtomicInteger loads = new AtomicInteger();

		public Map<String, User> database() {
			return this.database;
		}

		public int loads() {
			return this.loads.get();
		}

		@Cacheable(cacheNames = "user", key = "#id")
		public User find(String id) {
			this.loads.incrementAndGet();
			return this.database.get(id);
		}

		@Cacheable(cacheNames = "user", key = "#id", sync = true)
		public User findSync(String id) {
			this.loads.incrementAndGet();
			return this.database.get(id);
		}

		@WriteBehind(cache = "user", key = "#user.id")
		public User save(User user) {
			return user;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	@ImportDevServices(DevService.REDIS)
	static class Services {

		@Bean
		Users users() {
			return new Users();
		}

	}

}
