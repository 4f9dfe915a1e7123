package io.cachekit.demo;

import io.cachekit.test.ImportDevServices;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The session idle timeout slides with each request and ends an idle session. Runs with a 3 s timeout in an
 * application context of its own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "spring.session.timeout=3s")
@ImportDevServices
class SessionIdleTimeoutIntegrationTests {

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void isolate(DynamicPropertyRegistry registry) {
		registry.add("spring.mongodb.database", () -> "demo-idle-" + EndToEndTestSupport.RUN);
		registry.add("spring.session.data.redis.namespace", () -> "demo-idle-" + EndToEndTestSupport.RUN + ":session");
	}

	@Test
	void activityKeepsTheSessionAliveAndIdlenessEndsIt() throws InterruptedException {
		ApiClient browser = new ApiClient(this.port);
		assertThat(browser.post("/api/auth/login", "{\"username\":\"alice\",\"password\":\"wonderland\"}")
			.statusCode()).isEqualTo(200);
		// 6 s of activity, twice the timeout, with gaps that leave 1.5 s to spare for a loaded machine
		for (int i = 1; i <= 4; i++) {
			Thread.sleep(1_500);
			assertThat(browser.get("/api/auth/me").statusCode()).as("request %d, %d ms after login", i, i * 1_500)
				.isEqualTo(200);
		}
		Thread.sleep(5_000);
		assertThat(browser.get("/api/auth/me").statusCode()).isEqualTo(401);
	}

}
