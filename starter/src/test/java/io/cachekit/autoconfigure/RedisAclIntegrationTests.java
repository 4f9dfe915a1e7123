package io.cachekit.autoconfigure;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.cachekit.cache.CacheOperations;
import io.cachekit.cache.CachekitCacheManager;
import io.cachekit.lock.LockHandle;
import io.cachekit.lock.LockOptions;
import io.cachekit.lock.LockTemplate;
import io.cachekit.ratelimit.RateLimit;
import io.cachekit.ratelimit.RateLimitAlgorithm;
import io.cachekit.ratelimit.RateLimiter;
import io.cachekit.test.CachekitAcl;
import io.cachekit.test.DevServiceException;
import io.cachekit.test.EmbeddedRedisServer;
import io.cachekit.test.RedisTls;
import io.cachekit.writebehind.WriteBehindTemplate;
import io.cachekit.writebehind.pending.WriteBehindCache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * cachekit under the least-privilege ACL that docs/security.md documents, on a Redis whose default user is off:
 * the application's user may touch only its namespace's keys ({@code <ns>:*}, {@code {<ns>:*} and the two names
 * Redisson's unlock script declares as keys) and channels
 * ({@code <ns>:*} and Redisson's lock channels of them), with data, scripting, pub/sub and connection commands and
 * nothing dangerous ({@code KEYS}, {@code FLUSH*}, {@code CONFIG}, {@code DEBUG}, {@code INFO} are refused). Two
 * instances run the cache (stampede protection and the near cache), locks, rate limits and a write-behind publish
 * through it. A command outside the ACL would make the feature fail: every check below needs Redis to have
 * answered (a fail-open read would load twice, a fail-open rate limit would admit the second call), and the
 * caches count no error. The same runs again over TLS only (no plain port; the client trusts a test CA through a
 * Spring Boot SSL bundle), where the {@code redis-server} is built with TLS (the test stack's 6.2 binary and
 * Debian's 7.0 are).
 */
class RedisAclIntegrationTests {

	private static final String USER = "cachekit";

	private final String namespace = "acl-" + UUID.randomUUID().toString().substring(0, 8);

	private final String password = "pw-" + UUID.randomUUID();

	private final EmbeddedRedisServer redis = EmbeddedRedisServer.startWithUsers(CachekitAcl.rule(USER, this.password, this.namespace));

	private final ApplicationContextRunner runner = EveryAutoConfiguration.runner()
		.withUserConfiguration(CatalogConfiguration.class)
		.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + this.redis.port(),
				"spring.data.redis.username=" + USER, "spring.data.redis.password=" + this.password,
				"cachekit.namespace=" + this.namespace, "cachekit.cache.default-ttl=10m",
				"cachekit.cache.caches.products.near-cache.enabled=true",
				"cachekit.resilience.check-memory-policy=false");

	@AfterEach
	void stop() {
		this.redis.close();
	}

	@Test
	void theAclIsInForce() {
		assertThatExceptionOfType(DevServiceException.class)
			.isThrownBy(() -> this.redis.commandAs("default", "", "PING"))
			.withMessageContaining("WRONGPASS");
		assertThat(this.redis.commandAs(USER, this.password, "SET", this.namespace + ":probe", "1")).isEqualTo("OK");
		for (String[] refused : new String[][] { { "SET", "other-app:probe", "1" }, { "KEYS", "*" },
				{ "FLUSHALL" }, { "CONFIG", "GET", "maxmemory-policy" }, { "DEBUG", "SLEEP", "0" } }) {
			// Redis 7 refuses DEBUG to everyone by default (enable-debug-command no), before the ACL is asked
			assertThatExceptionOfType(DevServiceException.class).as(String.join(" ", refused))
				.isThrownBy(() -> this.redis.commandAs(USER, this.password, refused))
				.satisfies((ex) -> assertThat(ex.getMessage()).containsAnyOf("NOPERM", "DEBUG command not allowed"));
		}
	}

	@Test
	void everyFeatureWorksWithinTheAcl() throws Exception {
		everyFeatureWorks(this.runner, this.redis);
	}

	@Test
	void everyFeatureWorksWithinTheAclOverTlsOnly() throws Exception {
		Assumptions.assumeTrue(RedisTls.opensslAvailable(), "no openssl to make certificates");
		RedisTls tls = RedisTls.generate();
		EmbeddedRedisServer secured;
		try {
			secured = EmbeddedRedisServer.startTlsWithUsers(tls, CachekitAcl.rule(USER, this.password, this.namespace));
		}
		catch (DevServiceException ex) {
			Assumptions.assumeFalse(String.valueOf(ex.getMessage()).contains("tls-port"),
					"this redis-server has no TLS: " + ex.getMessage());
			throw ex;
		}
		try {
			assertThat(secured.url()).startsWith("rediss://");
			assertThat(answersInPlainText(this.redis.port())).as("the plain server, for comparison").isTrue();
			assertThat(answersInPlainText(secured.port())).as("a plain-text login and PING on the TLS port").isFalse();
			ApplicationContextRunner overTls = this.runner.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
				.withPropertyValues("spring.data.redis.port=" + secured.port(), "spring.data.redis.ssl.enabled=true",
						"spring.data.redis.ssl.bundle=redis-ca",
						"spring.ssl.bundle.pem.redis-ca.truststore.certificate=" + tls.caCertificate().toUri());
			everyFeatureWorks(overTls, secured);
		}
		finally {
			secured.close();
		}
	}

	private void everyFeatureWorks(ApplicationContextRunner runner, EmbeddedRedisServer server) throws Exception {
		runner.run((first) -> runner.run((second) -> {
			assertThat(first).hasNotFailed();
			assertThat(second).hasNotFailed();
			Catalog one = first.getBean(Catalog.class);
			Catalog two = second.getBean(Catalog.class);

			// cache: one load, then hits in both instances
			assertThat(one.product("7")).isEqualTo("product 7 v1");
			assertThat(one.product("7")).isEqualTo("product 7 v1");
			assertThat(two.product("7")).isEqualTo("product 7 v1");
			assertThat(one.loads() + two.loads()).isEqualTo(1);

			// stampede: 2 x 16 concurrent callers of a missing key, one load across both instances
			assertThat(concurrently(16, () -> one.slowProduct("hot"), () -> two.slowProduct("hot")))
				.containsOnly("slow hot");
			assertThat(one.slowLoads() + two.slowLoads()).isEqualTo(1);

			// near cache: served locally, and an eviction on one instance reaches the other over pub/sub
			two.product("7");
			assertThat(nearHits(second)).isPositive();
			one.setVersion(2);
			two.setVersion(2);
			first.getBean(CacheOperations.class).evict("products", "7");
			assertThat(awaitValue(() -> two.product("7"), "product 7 v2")).isTrue();

			// locks: exclusive across instances, fencing tokens increase
			LockTemplate locksOne = first.getBean(LockTemplate.class);
			LockTemplate locksTwo = second.getBean(LockTemplate.class);
			long firstToken = locksOne.withLock("report", LockOptions.DEFAULT, (LockHandle lock) -> {
				boolean acquiredMeanwhile = acquiredAtOnce(locksTwo, "report");
				assertThat(acquiredMeanwhile).as("the other instance got a held lock").isFalse();
				return lock.fencingToken();
			});
			long secondToken = locksTwo.withLock("report", LockOptions.DEFAULT, LockHandle::fencingToken);
			assertThat(secondToken).isGreaterThan(firstToken);

			// rate limits: the second call of a 1-per-minute limit is refused, by either instance
			RateLimit once = new RateLimit(1, Duration.ofMinutes(1), RateLimitAlgorithm.SLIDING_WINDOW);
			assertThat(first.getBean(RateLimiter.class).tryAcquire("login:alice", once).allowed()).isTrue();
			assertThat(second.getBean(RateLimiter.class).tryAcquire("login:alice", once).allowed()).isFalse();

			// write-behind: the publish pins the saved value in Redis
			first.getBean(WriteBehindTemplate.class).save("order", "1", Map.of("total", 42));
			WriteBehindCache.Entry pinned = second.getBean(WriteBehindCache.class).get("order", "1");
			assertThat(pinned).isNotNull();
			assertThat(pinned.pinned()).isTrue();
			assertThat(pinned.json()).contains("42");

			// nothing failed quietly
			for (ConfigurableApplicationContext context : List.of(first, second)) {
				CachekitCacheManager manager = context.getBean(CachekitCacheManager.class);
				for (String cache : List.of("products", "slowProducts")) {
					assertThat(manager.getCachekitCache(cache).getStatistics().errors()).as(cache).isZero();
				}
				assertThat(manager.getCircuitBreaker().getState().name()).isEqualTo("CLOSED");
			}
		}));
	}

	/**
	 * Whether the port answers Redis in plain text: logs in as the application's user and pings. A plain-text
	 * server replies {@code +OK} (or an error, {@code -…}); a TLS-only one sends no RESP reply at all.
	 */
	private boolean answersInPlainText(int port) {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(2000);
			socket.getOutputStream()
				.write(("AUTH " + USER + " " + this.password + "\r\nPING\r\n").getBytes(StandardCharsets.US_ASCII));
			int first = socket.getInputStream().read();
			return first == '+' || first == '-';
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static long nearHits(ConfigurableApplicationContext context) {
		return context.getBean(CachekitCacheManager.class).getCachekitCache("products").getStatistics().nearHits();
	}

	/** Whether another thread gets the lock without waiting (a lock held by this thread is reentrant). */
	private static boolean acquiredAtOnce(LockTemplate locks, String name) {
		ExecutorService other = Executors.newSingleThreadExecutor();
		try {
			return other.submit(() -> {
				try {
					return locks.withLock(name, LockOptions.DEFAULT, (LockHandle lock) -> true);
				}
				catch (RuntimeException ex) {
					return false;
				}
			}).get(10, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		finally {
			other.shutdownNow();
		}
	}

	private static boolean awaitValue(Callable<String> read, String expected) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (System.nanoTime() < deadline) {
			if (expected.equals(read.call())) {
				return true;
			}
			Thread.sleep(20);
		}
		return false;
	}

	@SafeVarargs
	private static List<String> concurrently(int perInstance, Callable<String>... instances) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(perInstance * instances.length);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<String>> calls = new ArrayList<>();
			for (Callable<String> instance : instances) {
				for (int i = 0; i < perInstance; i++) {
					calls.add(pool.submit(() -> {
						start.await();
						return instance.call();
					}));
				}
			}
			start.countDown();
			List<String> results = new ArrayList<>();
			for (Future<String> call : calls) {
				results.add(call.get(30, TimeUnit.SECONDS));
			}
			return results;
		}
		finally {
			pool.shutdownNow();
		}
	}

	/** Counts its loads; read them through the methods (the bean is a proxy). */
	static class Catalog {

		private final AtomicInteger loads = new AtomicInteger();

		private final AtomicInteger slowLoads = new AtomicInteger();

		private final AtomicInteger version = new AtomicInteger(1);

		public int loads() {
			return this.loads.get();
		}

		public int slowLoads() {
			return this.slowLoads.get();
		}

		public void setVersion(int version) {
			this.version.set(version);
		}

		@Cacheable(cacheNames = "products", key = "#id")
		public String product(String id) {
			this.loads.incrementAndGet();
			return "product " + id + " v" + this.version.get();
		}

		@Cacheable(cacheNames = "slowProducts", key = "#id", sync = true)
		public String slowProduct(String id) throws InterruptedException {
			this.slowLoads.incrementAndGet();
			Thread.sleep(300);
			return "slow " + id;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class CatalogConfiguration {

		@Bean
		Catalog catalog() {
			return new Catalog();
		}

	}

}
