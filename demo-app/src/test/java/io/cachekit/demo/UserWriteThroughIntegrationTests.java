package io.cachekit.demo;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.cachekit.test.ImportDevServices;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code demo.users.write-mode=through}, the write-through side of docs/benchmarks/http-write.md, in an
 * application context of its own: a {@code PUT} is in MongoDB when it is answered (200), the cached copy is
 * evicted, and the next cached read loads the new state.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "demo.users.write-mode=through", "cachekit.rate-limit.enabled=false" })
@ImportDevServices
class UserWriteThroughIntegrationTests {

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void isolate(DynamicPropertyRegistry registry) {
		EndToEndTestSupport.isolateAs(registry, "demo-through-" + EndToEndTestSupport.RUN);
	}

	@Test
	void anUpdateIsInMongoDbWhenAnsweredAndTheCachedCopyIsReplaced() {
		ApiClient api = new ApiClient(this.port);
		assertThat(api.get("/api/users/51").statusCode()).isEqualTo(200);
		assertThat(api.get("/api/users/51").headers().firstValue("X-Cache")).hasValue("HIT");
		HttpResponse<String> saved = api.put("/api/users/51", "{\"name\":\"Written Through\",\"email\":\"wt@example.com\"}");
		assertThat(saved.statusCode()).isEqualTo(200);
		long version = ApiClient.json(saved).get("version").asLong();
		assertThat(version).isEqualTo(1);
		HttpResponse<String> inDatabase = api.get("/api/users/51?consistency=db");
		assertThat(ApiClient.json(inDatabase).get("name").asString()).isEqualTo("Written Through");
		assertThat(ApiClient.json(inDatabase).get("version").asLong()).isEqualTo(version);
		HttpResponse<String> cached = api.get("/api/users/51");
		assertThat(cached.headers().firstValue("X-Cache")).hasValue("MISS");
		assertThat(ApiClient.json(cached).get("name").asString()).isEqualTo("Written Through");
		assertThat(api.get("/api/users/51").headers().firstValue("X-Cache")).hasValue("HIT");
		long next = ApiClient.json(api.put("/api/users/51", "{\"name\":\"Again\",\"email\":\"wt@example.com\"}"))
			.get("version")
			.asLong();
		assertThat(next).isEqualTo(version + 1);
	}

}
