package io.cachekit.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.cachekit.test.ImportDevServices;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's {@code /actuator/health} shows the Kafka component cachekit contributes (Spring Boot has none).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ImportDevServices
class KafkaHealthIntegrationTests {

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void isolate(DynamicPropertyRegistry registry) {
		registry.add("spring.mongodb.database", () -> "demo-kafka-health-" + EndToEndTestSupport.RUN);
		// the first check creates the admin client: on a loaded machine that takes longer than the default
		registry.add("cachekit.health.kafka.timeout", () -> "10s");
	}

	@Test
	void healthShowsKafkaUp() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/actuator/health")).build(),
					HttpResponse.BodyHandlers.ofString());
		JsonNode kafka = new JsonMapper().readTree(response.body()).path("components").path("kafka");
		assertThat(kafka.path("status").asString()).isEqualTo("UP");
	}

}
