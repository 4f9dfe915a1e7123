package io.cachekit.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.cachekit.resilience.CachekitResilience;
import io.cachekit.test.BlackholeProxy;
import io.cachekit.test.DevService;
import io.cachekit.test.EmbeddedRedisServer;
import io.cachekit.test.ImportDevServices;
import io.cachekit.test.RedisProbe;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo under 200 requests/s of cached product reads while Redis hangs for 30 s, two ways: the server
 * frozen with {@code SIGSTOP}, and the network path to it (a proxy) no longer forwarding anything, without a
 * reset. The demo reaches Redis through the proxy and a Redis of its own, so both faults can be made while
 * other tests' servers are left alone. During each hang: no 5xx, p99 at most 300 ms, and every other use of
 * Redis follows its documented policy within its deadline: a login (fail-closed rate limit) is 503, a
 * logged-in client's session reads as anonymous (401) but keeps its cookie, paying an order (a lock) is 503.
 * Once Redis answers again, reads are served from Redis within 1 s plus the breaker's wait, and the client is
 * logged in again with the same cookie.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ImportDevServices({ DevService.KAFKA, DevService.MONGODB })
@DirtiesContext
class RedisHangIntegrationTests {

	private static final String NAME = "demo-hang-" + EndToEndTestSupport.RUN;

	private static final Duration HANG = Duration.ofSeconds(30);

	private static final Duration INTERVAL = Duration.ofMillis(5);

	private static final Duration P99_BOUND = Duration.ofMillis(300);

	/** The request deadline for Redis (the default), plus scheduling slack for one request on 2 busy cores. */
	private static final Duration ONE_REQUEST_BOUND = Duration.ofMillis(250 + 100);

	@LocalServerPort
	int port;

	@Autowired
	EmbeddedRedisServer redis;

	@Autowired
	BlackholeProxy proxy;

	@Autowired
	CachekitResilience resilience;

	@DynamicPropertySource
	static void isolate(DynamicPropertyRegistry registry) {
		registry.add("spring.mongodb.database", () -> NAME);
		registry.add("cachekit.namespace", () -> NAME);
		registry.add("cachekit.write-behind.topic", () -> NAME + ".write-behind");
		registry.add("spring.session.data.redis.namespace", () -> NAME + ":session");
		// the demo's rules, with room for the load: the API rule fails open, the login rule fails closed
		registry.add("cachekit.rate-limit.rules[0].name", () -> "login");
		registry.add("cachekit.rate-limit.rules[0].path", () -> "/api/auth/login");
		registry.add("cachekit.rate-limit.rules[0].methods", () -> "POST");
		registry.add("cachekit.rate-limit.rules[0].limit", () -> "100");
		registry.add("cachekit.rate-limit.rules[0].window", () -> "1m");
		registry.add("cachekit.rate-limit.rules[0].key", () -> "ip");
		registry.add("cachekit.rate-limit.rules[0].failure-policy", () -> "fail-closed");
		registry.add("cachekit.rate-limit.rules[1].name", () -> "api");
		registry.add("cachekit.rate-limit.rules[1].path", () -> "/api/**");
		registry.add("cachekit.rate-limit.rules[1].limit", () -> "1000000");
		registry.add("cachekit.rate-limit.rules[1].window", () -> "1m");
		registry.add("cachekit.rate-limit.rules[1].key", () -> "ip");
	}

	@Test
	void frozenRedis() throws Exception {
		hang(this.redis::freeze, this.redis::thaw, () -> RedisProbe.answers(this.redis.port(), 300));
	}

	@Test
	void pathToRedisThatStopsForwarding() throws Exception {
		hang(this.proxy::blackhole, this.proxy::restore, () -> RedisProbe.answers(this.proxy.port(), 300)
				|| !RedisProbe.answers(this.redis.port(), 300));
	}

	private void hang(Runnable fault, Runnable heal, java.util.function.BooleanSupplier answering) throws Exception {
		ApiClient api = new ApiClient(this.port);
		long order = ApiClient.json(api.post("/api/orders", "{\"amountCents\":1000}")).get("id").asLong();
		ApiClient alice = new ApiClient(this.port);
		assertThat(alice.post("/api/auth/login", "{\"username\":\"alice\",\"password\":\"wonderland\"}").statusCode())
			.isEqualTo(200);
		Load load = new Load(this.port);
		load.start();
		Thread.sleep(3000);
		long faultAt = System.nanoTime();
		fault.run();
		assertThat(answering.getAsBoolean()).as("the fault landed: Redis does not answer through the demo's path")
			.isFalse();
		Thread.sleep(HANG.toMillis() / 3);
		Timed login = Timed.of(() -> api.post("/api/auth/login", "{\"username\":\"bob\",\"password\":\"builder\"}"));
		Timed me = Timed.of(() -> alice.get("/api/auth/me"));
		Timed pay = Timed.of(() -> api.post("/api/orders/" + order + "/pay", ""));
		Thread.sleep(HANG.toMillis() - Duration.ofNanos(System.nanoTime() - faultAt).toMillis());
		long healAt = System.nanoTime();
		heal.run();
		Duration wait = this.resilience.policy(CachekitResilience.CACHE).waitInOpenState();
		Thread.sleep(wait.plusSeconds(3).toMillis());
		load.stop();
		List<Sample> during = load.between(faultAt + Duration.ofMillis(300).toNanos(), healAt);
		Duration p99 = percentile(during, 0.99);
		long fromRedisAfter = healAt + wait.plusSeconds(1).toNanos();
		List<Sample> after = load.between(fromRedisAfter, Long.MAX_VALUE);
		System.out.printf("hang: %d requests during the hang, p99 %d ms, max %d ms; %d after %s + 1 s, %d hits%n",
				during.size(), p99.toMillis(), percentile(during, 1.0).toMillis(), after.size(), wait,
				after.stream().filter(Sample::hit).count());
		assertThat(load.samples.stream().filter((sample) -> sample.status() >= 500)).as("5xx answers").isEmpty();
		assertThat(during.size()).as("requests during the hang").isGreaterThan((int) HANG.toSeconds() * 150);
		assertThat(p99).as("p99 during the hang").isLessThanOrEqualTo(P99_BOUND);
		assertThat(after).isNotEmpty().allSatisfy((sample) -> assertThat(sample.hit()).as("served from Redis").isTrue());
		assertThat(login.status()).as("login: the fail-closed rate limit refuses").isEqualTo(503);
		assertThat(me.status()).as("a session that cannot be read is anonymous").isEqualTo(401);
		assertThat(pay.status()).as("a lock that cannot be taken").isEqualTo(503);
		for (Timed timed : List.of(login, me, pay)) {
			assertThat(timed.took()).isLessThanOrEqualTo(ONE_REQUEST_BOUND);
		}
		assertThat(alice.get("/api/auth/me").statusCode()).as("logged in again with the same cookie").isEqualTo(200);
	}

	private static Duration percentile(List<Sample> samples, double percentile) {
		List<Sample> sorted = new ArrayList<>(samples);
		sorted.sort(Comparator.comparingLong(Sample::nanos));
		int index = (int) Math.min(sorted.size() - 1, Math.ceil(percentile * sorted.size()) - 1);
		return Duration.ofNanos(sorted.get(Math.max(0, index)).nanos());
	}

	/** A timed request. */
	record Timed(int status, Duration took) {

		static Timed of(java.util.function.Supplier<HttpResponse<String>> request) {
			long start = System.nanoTime();
			HttpResponse<String> response = request.get();
			return new Timed(response.statusCode(), Duration.ofNanos(System.nanoTime() - start));
		}

	}

	/** One request of the load: when it was sent, how long it took, its status and whether it was a cache hit. */
	record Sample(long sentAt, long nanos, int status, boolean hit) {

	}

	/** {@code GET /api/products/{id}} every 5 ms over 50 products, each request timed from when it is due. */
	static final class Load {

		final ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();

		private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

		private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

		private final String base;

		private int next;

		Load(int port) {
			this.base = "http://127.0.0.1:" + port + "/api/products/";
		}

		void start() {
			this.scheduler.scheduleAtFixedRate(this::send, 0, INTERVAL.toNanos(), TimeUnit.NANOSECONDS);
		}

		private void send() {
			long sentAt = System.nanoTime();
			HttpRequest request = HttpRequest.newBuilder(URI.create(this.base + (1 + (this.next++ % 50))))
				.timeout(Duration.ofSeconds(30))
				.build();
			this.http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
				long took = System.nanoTime() - sentAt;
				if (failure != null) {
					this.samples.add(new Sample(sentAt, took, 599, false));
				}
				else {
					this.samples.add(new Sample(sentAt, took, response.statusCode(),
							"HIT".equals(response.headers().firstValue("X-Cache").orElse(""))));
				}
			});
		}

		void stop() throws InterruptedException {
			this.scheduler.shutdown();
			this.scheduler.awaitTermination(5, TimeUnit.SECONDS);
			Thread.sleep(1000);
		}

		List<Sample> between(long from, long to) {
			return this.samples.stream().filter((sample) -> sample.sentAt() >= from && sample.sentAt() < to).toList();
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class PrivateRedis {

		@Bean(destroyMethod = "close")
		EmbeddedRedisServer privateRedisServer() {
			return EmbeddedRedisServer.start(0);
		}

		@Bean(destroyMethod = "close")
		BlackholeProxy redisPath(EmbeddedRedisServer privateRedisServer) {
			return BlackholeProxy.start("127.0.0.1", privateRedisServer.port());
		}

		@Bean
		DataRedisConnectionDetails privateRedisConnectionDetails(BlackholeProxy redisPath) {
			return new DataRedisConnectionDetails() {

				@Override
				public Standalone getStandalone() {
					return Standalone.of("127.0.0.1", redisPath.port());
				}

			};
		}

	}

}
