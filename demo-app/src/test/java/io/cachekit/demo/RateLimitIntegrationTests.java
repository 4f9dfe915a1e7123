package io.cachekit.demo;

import java.net.http.HttpResponse;

import io.cachekit.test.ImportDevServices;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's rate limits as configured in application.yml (100 requests per minute per client on
 * {@code /api/**}, 5 logins per minute), in an application context of its own. The tests pretend to be
 * behind a trusted proxy so that each one is a different client ({@code X-Forwarded-For}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ImportDevServices
class RateLimitIntegrationTests {

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void isolate(DynamicPropertyRegistry registry) {
		registry.add("spring.mongodb.database", () -> "demo-rl-" + EndToEndTestSupport.RUN);
		registry.add("cachekit.rate-limit.key-prefix", () -> "demo-rl-" + EndToEndTestSupport.RUN + ":");
		registry.add("cachekit.cache.namespace", () -> "demo-rl-" + EndToEndTestSupport.RUN);
		registry.add("cachekit.rate-limit.trusted-proxies", () -> "127.0.0.1");
	}

	@Test
	void hundredAndFirstRequestInAWindowIs429WithHeaders() {
		ApiClient client = new ApiClient(this.port);
		for (int i = 1; i <= 100; i++) {
			HttpResponse<String> response = client.get("/api/products/" + i, "X-Forwarded-For", "198.51.100.1");
			assertThat(response.statusCode()).as("request %d", i).isEqualTo(200);
			assertThat(response.headers().firstValue("RateLimit-Remaining")).hasValue(String.valueOf(100 - i));
		}
		HttpResponse<String> rejected = client.get("/api/products/101", "X-Forwarded-For", "198.51.100.1");
		assertThat(rejected.statusCode()).isEqualTo(429);
		assertThat(rejected.headers().firstValue("Content-Type")).hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(rejected.headers().firstValue("Retry-After")).isPresent();
		assertThat(rejected.headers().firstValue("RateLimit-Limit")).hasValue("100");
		assertThat(ApiClient.json(rejected).get("detail").asString()).isNotBlank();
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

}
