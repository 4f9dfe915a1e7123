package io.cachekit.demo;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.cachekit.test.ImportDevServices;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's rate limits as configured in application.yml (100 requests per minute per client on
 * {@code /api/**}, 5 logins per minute, 60 management requests per minute, counted before Spring Security so that
 * refused HTTP Basic guesses count), in an application context of its own. The tests pretend to be
 * behind a trusted proxy so that each one is a different client ({@code X-Forwarded-For}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ImportDevServices
class RateLimitIntegrationTests {

	private static final long WINDOW_SECONDS = 60;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void isolate(DynamicPropertyRegistry registry) {
		registry.add("spring.mongodb.database", () -> "demo-rl-" + EndToEndTestSupport.RUN);
		registry.add("cachekit.namespace", () -> "demo-rl-" + EndToEndTestSupport.RUN);
		registry.add("cachekit.rate-limit.trusted-proxies", () -> "127.0.0.1");
		EndToEndTestSupport.admin(registry);
	}

	@Test
	void decisionsAreMeteredPerRuleAndOutcomeWithoutTheClient() {
		ApiClient client = new ApiClient(this.port);
		assertThat(client.get("/api/products/1", "X-Forwarded-For", "198.51.100.9").statusCode()).isEqualTo(200);
		String scrape = EndToEndTestSupport.admin(this.port).get("/actuator/prometheus").body();
		assertThat(scrape)
			.containsPattern("cachekit_rate_limit_decision_seconds_count\\{decided_by=\"redis\",error=\"none\","
					+ "outcome=\"allowed\",rule=\"api\"")
			.containsPattern("cachekit_rate_limit_decision_seconds_count\\{[^}]*rule=\"login\"")
			.doesNotContain("198.51.100.9");
	}

	@Test
	void hundredAndFirstRequestInAWindowIs429WithConsistentRetryAfterAndRateLimitHeaders() {
		ApiClient client = new ApiClient(this.port);
		for (int i = 1; i <= 100; i++) {
			HttpResponse<String> response = client.get("/api/products/" + i, "X-Forwarded-For", "198.51.100.1");
			assertThat(response.statusCode()).as("request %d", i).isEqualTo(200);
			assertThat(response.headers().firstValue("RateLimit-Remaining")).hasValue(String.valueOf(100 - i));
		}
		HttpResponse<String> rejected = client.get("/api/products/101", "X-Forwarded-For", "198.51.100.1");
		long now = System.currentTimeMillis() / 1000;
		assertThat(rejected.statusCode()).isEqualTo(429);
		assertThat(rejected.headers().firstValue("Content-Type")).hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		// Retry-After: whole seconds, at least 1, at most the 1-minute window.
		long retryAfter = longHeader(rejected, "Retry-After");
		assertThat(retryAfter).isBetween(1L, WINDOW_SECONDS);
		assertThat(rejected.headers().firstValue("RateLimit-Limit")).hasValue("100");
		assertThat(rejected.headers().firstValue("RateLimit-Remaining")).hasValue("0");
		// Denied by a sliding window, the quota is next replenished exactly when a retry is admitted.
		assertThat(longHeader(rejected, "RateLimit-Reset")).isEqualTo(retryAfter);
		assertThat(rejected.headers().firstValue("X-RateLimit-Limit")).hasValue("100");
		assertThat(rejected.headers().firstValue("X-RateLimit-Remaining")).hasValue("0");
		assertThat(longHeader(rejected, "X-RateLimit-Reset")).isBetween(now + retryAfter - 2, now + retryAfter + 2);
		JsonNode problem = ApiClient.json(rejected);
		assertThat(problem.get("status").asInt()).isEqualTo(429);
		assertThat(problem.get("title").asString()).isEqualTo("Too many requests");
		assertThat(problem.get("detail").asString()).contains("Rate limit 'api'")
			.endsWith("retry after " + retryAfter + " s");
		// Another client is not affected.
		HttpResponse<String> other = client.get("/api/products/101", "X-Forwarded-For", "198.51.100.3");
		assertThat(other.statusCode()).isEqualTo(200);
		assertThat(other.headers().firstValue("RateLimit-Remaining")).hasValue("99");
	}

	@Test
	void sixthLoginInAMinuteIs429() {
		ApiClient client = new ApiClient(this.port);
		for (int i = 1; i <= 5; i++) {
			assertThat(client.post("/api/auth/login", "{\"username\":\"alice\",\"password\":\"wrong\"}",
					"X-Forwarded-For", "198.51.100.2")
				.statusCode())
				.as("login %d", i)
				.isEqualTo(401);
		}
		HttpResponse<String> rejected = client.post("/api/auth/login",
				"{\"username\":\"alice\",\"password\":\"wonderland\"}", "X-Forwarded-For", "198.51.100.2");
		assertThat(rejected.statusCode()).isEqualTo(429);
		assertThat(rejected.headers().firstValue("Retry-After")).isPresent();
	}

	@Test
	void httpBasicGuessesOnManagementEndpointsAreRateLimited() {
		ApiClient client = new ApiClient(this.port);
		String guess = ApiClient.basic("admin", "guess");
		for (int i = 1; i <= 60; i++) {
			HttpResponse<String> refused = client.get("/actuator/prometheus", "X-Forwarded-For", "198.51.100.4",
					"Authorization", guess);
			assertThat(refused.statusCode()).as("guess %d", i).isEqualTo(401);
			assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
					(challenge) -> assertThat(challenge).startsWith("Basic"));
		}
		HttpResponse<String> rejected = client.get("/actuator/prometheus", "X-Forwarded-For", "198.51.100.4",
				"Authorization", guess);
		assertThat(rejected.statusCode()).as("the 61st guess in a minute").isEqualTo(429);
		assertThat(ApiClient.json(rejected).get("detail").asString()).contains("Rate limit 'management'");
	}

	@Test
	void httpBasicIsNotAcceptedOutsideManagementEndpoints() {
		String guess = ApiClient.basic("admin", "guess");
		HttpResponse<String> api = new ApiClient(this.port).get("/api/auth/me", "X-Forwarded-For", "198.51.100.5",
				"Authorization", guess);
		assertThat(api.statusCode()).isEqualTo(401);
		assertThat(api.headers().firstValue("WWW-Authenticate")).as("no challenge: Basic is not asked for here").isEmpty();
		HttpResponse<String> open = new ApiClient(this.port).get("/api/products/1", "X-Forwarded-For", "198.51.100.5",
				"Authorization", guess);
		assertThat(open.statusCode()).as("wrong credentials are not even looked at").isEqualTo(200);
	}

	private static long longHeader(HttpResponse<String> response, String name) {
		String value = response.headers().firstValue(name).orElseThrow(() -> new AssertionError("No " + name + " header"));
		assertThat(value).as(name).matches("\\d+");
		return Long.parseLong(value);
	}

}
