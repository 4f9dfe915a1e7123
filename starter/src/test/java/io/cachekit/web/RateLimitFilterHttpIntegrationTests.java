package io.cachekit.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.cachekit.test.DevService;
import io.cachekit.test.ImportDevServices;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rate-limit filter in a real servlet container over real HTTP: admitted responses carry the
 * limit headers, the request over the limit gets 429 problem+json with {@code Retry-After}, and a
 * spoofed {@code X-Forwarded-For} from the loopback client changes nothing.
 */
@SpringBootTest(classes = WebTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "cachekit.rate-limit.rules[0].name=http",
				"cachekit.rate-limit.rules[0].path=/api/**", "cachekit.rate-limit.rules[0].limit=2",
				"cachekit.rate-limit.rules[0].window=1h", "cachekit.rate-limit.rules[0].algorithm=fixed-window" })
@ImportDevServices(DevService.REDIS)
class RateLimitFilterHttpIntegrationTests {

	@LocalServerPort
	int port;

	private final HttpClient http = HttpClient.newHttpClient();

	@DynamicPropertySource
	static void keyPrefix(DynamicPropertyRegistry registry) {
		registry.add("cachekit.namespace", () -> "test-http-" + UUID.randomUUID());
	}

	@Test
	void limitsOverRealHttp() throws Exception {
		HttpResponse<String> first = get("203.0.113.1");
		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(first.headers().firstValue("RateLimit-Limit")).hasValue("2");
		assertThat(first.headers().firstValue("RateLimit-Remaining")).hasValue("1");
		assertThat(first.headers().firstValue("X-RateLimit-Remaining")).hasValue("1");
		assertThat(get("198.51.100.77").statusCode()).isEqualTo(200);
		HttpResponse<String> denied = get("192.0.2.200");
		assertThat(denied.statusCode()).isEqualTo(429);
		assertThat(denied.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(denied.headers().firstValue("Retry-After")).isPresent();
		assertThat(denied.headers().firstValue("RateLimit-Remaining")).hasValue("0");
		assertThat(denied.body()).contains("\"status\":429").contains("Rate limit 'http'");
	}

	private HttpResponse<String> get(String spoofedForwardedFor) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/api/hello"))
			.header("X-Forwarded-For", spoofedForwardedFor)
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

}
