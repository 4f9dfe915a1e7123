package io.cachekit.demo;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.cachekit.test.DevService;
import io.cachekit.test.ImportDevServices;
import io.cachekit.test.KraftBroker;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code PUT /api/users/{id}} over HTTP while Kafka is unreachable. The demo runs in a context of its own with a
 * Kafka broker of its own ({@link KraftBroker}, stopped and restarted by the tests; the dev-services broker that
 * other tests share is never touched) and a short acknowledgement timeout, so an outage answers within seconds.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ImportDevServices({ DevService.REDIS, DevService.MONGODB })
@DirtiesContext
class UserUpdateDuringKafkaOutageIntegrationTests {

	private static final String NAME = "demo-kafka-outage-" + EndToEndTestSupport.RUN;

	private static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(30);

	@LocalServerPort
	int port;

	@Autowired
	KraftBroker broker;

	@DynamicPropertySource
	static void isolate(DynamicPropertyRegistry registry) {
		registry.add("spring.mongodb.database", () -> NAME);
		registry.add("cachekit.namespace", () -> NAME);
		registry.add("cachekit.write-behind.topic", () -> NAME + ".write-behind");
		registry.add("cachekit.write-behind.producer.ack-timeout", () -> "2s");
		registry.add("cachekit.write-behind.producer.max-block", () -> "1s");
		registry.add("cachekit.rate-limit.enabled", () -> "false");
		registry.add("spring.session.data.redis.namespace", () -> NAME + ":session");
	}

	@Test
	void updateWhileKafkaIsDownIs503ProblemAndLeavesTheCachedUserUnchanged() {
		ApiClient api = new ApiClient(this.port);
		// Kafka works at first: the producer is connected and knows the topic when the broker goes away.
		assertThat(api.put("/api/users/11", "{\"name\":\"Before Outage\",\"email\":\"before@example.com\"}")
			.statusCode()).isEqualTo(202);
		assertThat(api.get("/api/users/12").headers().firstValue("X-Cache")).hasValue("MISS");
		HttpResponse<String> cached = api.get("/api/users/12");
		assertThat(cached.headers().firstValue("X-Cache")).hasValue("HIT");

		this.broker.stop();
		try {
			HttpResponse<String> rejected = api.put("/api/users/12",
					"{\"name\":\"Never Written\",\"email\":\"never@example.com\"}");
			assertThat(rejected.statusCode()).as(rejected.body()).isEqualTo(503);
			assertThat(rejected.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			JsonNode problem = ApiClient.json(rejected);
			assertThat(problem.get("status").asInt()).isEqualTo(503);
			assertThat(problem.get("title").asString()).isEqualTo("Write-behind unavailable");
			assertThat(problem.get("detail").asString()).contains("users '12'")
				.contains("not acknowledged by Kafka")
				.contains("nothing was written, retry later");
			assertThat(rejected.body()).doesNotContain("\tat ").doesNotContain("\"trace\"");

			HttpResponse<String> after = api.get("/api/users/12");
			assertThat(after.statusCode()).isEqualTo(200);
			assertThat(after.headers().firstValue("X-Cache")).hasValue("HIT");
			assertThat(ApiClient.json(after)).isEqualTo(ApiClient.json(cached));
			assertThat(ApiClient.json(after).get("name").asString()).isNotEqualTo("Never Written");
			JsonNode stored = ApiClient.json(api.get("/api/users/12?consistency=db"));
			assertThat(stored.get("name").asString()).isEqualTo(ApiClient.json(cached).get("name").asString());
			assertThat(stored.get("version").asLong()).isZero();
		}
		finally {
			this.broker.restart();
		}
	}

	@Test
	void updateRefusedDuringAnOutageIsAcceptedWhenRetriedAfterKafkaIsBack() {
		ApiClient api = new ApiClient(this.port);
		String body = "{\"name\":\"Retried Later\",\"email\":\"retried@example.com\"}";
		this.broker.stop();
		try {
			assertThat(api.put("/api/users/13", body).statusCode()).isEqualTo(503);
		}
		finally {
			this.broker.restart();
		}
		long deadline = System.nanoTime() + RECOVERY_TIMEOUT.toNanos();
		HttpResponse<String> saved = api.put("/api/users/13", body);
		while (saved.statusCode() == 503 && System.nanoTime() < deadline) {
			saved = api.put("/api/users/13", body);
		}
		assertThat(saved.statusCode()).as("PUT within %s of the broker's restart: %s", RECOVERY_TIMEOUT, saved.body())
			.isEqualTo(202);
		long version = ApiClient.json(saved).get("version").asLong();
		JsonNode read = ApiClient.json(api.get("/api/users/13"));
		assertThat(read.get("name").asString()).isEqualTo("Retried Later");
		assertThat(read.get("version").asLong()).isEqualTo(version);
	}

	/**
	 * This context's own Kafka broker, closed with the context (after the producers that use it).
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class OutageBrokerConfiguration {

		@Bean(destroyMethod = "close")
		KraftBroker outageBroker() {
			return KraftBroker.start(0);
		}

		@Bean
		KafkaConnectionDetails outageBrokerConnectionDetails(KraftBroker outageBroker) {
			List<String> servers = List.of(outageBroker.bootstrapServers());
			return () -> servers;
		}

	}

}
