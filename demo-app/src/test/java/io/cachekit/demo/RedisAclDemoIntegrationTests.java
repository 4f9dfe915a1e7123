package io.cachekit.demo;

import java.net.http.HttpResponse;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.cachekit.test.CachekitAcl;
import io.cachekit.test.DevService;
import io.cachekit.test.DevServiceException;
import io.cachekit.test.EmbeddedRedisServer;
import io.cachekit.test.ImportDevServices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The whole demo under a least-privilege Redis user, on a Redis whose {@code default} user is off: cachekit's
 * rule (docs/security.md) plus what Spring Session's indexed repository and Boot's Redis health need. Redis's
 * own configuration sets the keyspace notifications Spring Session relies on, so the application never runs
 * {@code CONFIG SET} ({@code spring.session.data.redis.configure-action=none}). Login and the session, cached
 * reads (single and bulk), a write-behind save, a lock, rate limits and the admin's health view all work; the
 * application's user is refused a command outside the rule.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ImportDevServices({ DevService.KAFKA, DevService.MONGODB })
class RedisAclDemoIntegrationTests {

	private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

	private static final String NAMESPACE = "demo-acl-" + RUN;

	private static final String USER = "demo-app";

	private static final String PASSWORD = "acl-" + RUN;

	/** cachekit's rule, then Spring Session's channels (PSUBSCRIBE patterns match literally) and INFO for health. */
	private static final String RULE = CachekitAcl.rule(USER, PASSWORD, NAMESPACE) + " &__keyevent@*__:expired"
			+ " &__keyevent@*__:del &" + NAMESPACE + ":session:event:0:created:* +info";

	private static final EmbeddedRedisServer REDIS = startRedis();

	@LocalServerPort
	int port;

	private static EmbeddedRedisServer startRedis() {
		EmbeddedRedisServer redis = EmbeddedRedisServer.startWithUsers(RULE);
		// what the operator's redis.conf says, since the application may not run CONFIG SET
		redis.command("CONFIG", "SET", "notify-keyspace-events", "Egx");
		return redis;
	}

	@AfterAll
	static void stopRedis() {
		REDIS.close();
	}

	@DynamicPropertySource
	static void underTheAcl(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.url",
				() -> "redis://" + USER + ":" + PASSWORD + "@127.0.0.1:" + REDIS.port());
		registry.add("spring.session.data.redis.configure-action", () -> "none");
		EndToEndTestSupport.isolateAs(registry, NAMESPACE);
		EndToEndTestSupport.admin(registry);
	}

	@Test
	void everyFeatureWorksUnderTheLeastPrivilegeUser() {
		ApiClient alice = new ApiClient(this.port);
		assertThat(alice.post("/api/auth/login", "{\"username\":\"alice\",\"password\":\"wonderland\"}")
			.statusCode()).as("login, session in Redis").isEqualTo(200);
		assertThat(ApiClient.json(alice.get("/api/auth/me")).get("username").asString()).isEqualTo("alice");

		ApiClient api = new ApiClient(this.port);
		assertThat(api.get("/api/products/11").headers().firstValue("X-Cache")).hasValue("MISS");
		HttpResponse<String> hit = api.get("/api/products/11");
		assertThat(hit.headers().firstValue("X-Cache")).hasValue("HIT");
		assertThat(hit.headers().firstValue("RateLimit-Limit")).as("rate limits decided in Redis").hasValue("100");
		assertThat(ApiClient.json(api.get("/api/products?ids=11,12,13")).size()).isEqualTo(3);

		assertThat(api.put("/api/users/21", "{\"name\":\"Acl User\",\"email\":\"acl@example.com\"}").statusCode())
			.as("write-behind save: Kafka, then the pin in Redis").isEqualTo(202);

		HttpResponse<String> created = api.post("/api/orders", "{\"amountCents\":900}");
		long order = ApiClient.json(created).get("id").asLong();
		assertThat(api.post("/api/orders/" + order + "/pay", "").statusCode()).as("under a lock").isEqualTo(200);

		JsonNode health = ApiClient.json(EndToEndTestSupport.admin(this.port).get("/actuator/health"));
		assertThat(health.get("components").get("redis").get("status").asString()).isEqualTo("UP");
		assertThat(health.get("status").asString()).isEqualTo("UP");

		for (String[] refused : new String[][] { { "FLUSHALL" }, { "GET", "other-app:secret" },
				{ "CONFIG", "SET", "notify-keyspace-events", "" } }) {
			assertThatExceptionOfType(DevServiceException.class).as(String.join(" ", refused))
				.isThrownBy(() -> REDIS.commandAs(USER, PASSWORD, refused))
				.withMessageContaining("NOPERM");
		}
	}

}
