package io.cachekit.demo;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cache.CacheManager;
import org.springframework.cache.support.NoOpCacheManager;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.cachekit.cache.CachekitCacheManager;
import io.cachekit.test.ImportDevServices;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code demo.cache.enabled=false}, the load run's baseline, in an application context of its own: no
 * cachekit cache manager, every read runs its loader against MongoDB, and writes still work.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "demo.cache.enabled=false", "cachekit.rate-limit.enabled=false" })
@ImportDevServices
class CachingDisabledIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	CacheManager cacheManager;

	@DynamicPropertySource
	static void isolate(DynamicPropertyRegistry registry) {
		registry.add("spring.mongodb.database", () -> "demo-nocache-" + EndToEndTestSupport.RUN);
		registry.add("cachekit.namespace", () -> "demo-nocache-" + EndToEndTestSupport.RUN);
		registry.add("cachekit.write-behind.topic", () -> "demo-nocache-" + EndToEndTestSupport.RUN + ".write-behind");
		registry.add("spring.session.data.redis.namespace", () -> "demo-nocache-" + EndToEndTestSupport.RUN + ":session");
	}

	@Test
	void cacheManagerIsNotCachekits() {
		assertThat(this.cacheManager).isInstanceOf(NoOpCacheManager.class).isNotInstanceOf(CachekitCacheManager.class);
	}

	@Test
	void everyReadOfAProductMisses() {
		ApiClient api = new ApiClient(this.port);
		for (int i = 0; i < 3; i++) {
			HttpResponse<String> read = api.get("/api/products/7");
			assertThat(read.statusCode()).isEqualTo(200);
			assertThat(read.headers().firstValue("X-Cache")).as("read %d", i + 1).hasValue("MISS");
		}
	}

	@Test
	void productUpdateIsVisibleOnNextRead() {
		ApiClient api = new ApiClient(this.port);
		HttpResponse<String> created = api.post("/api/products",
				"{\"name\":\"Lamp\",\"category\":\"office\",\"priceCents\":1000,\"stock\":1}");
		assertThat(created.statusCode()).isEqualTo(201);
		String location = created.headers().firstValue("Location").orElseThrow();
		HttpResponse<String> updated = api.put(location,
				"{\"name\":\"Desk lamp\",\"category\":\"office\",\"priceCents\":1200,\"stock\":2}");
		assertThat(updated.statusCode()).isEqualTo(200);
		HttpResponse<String> read = api.get(location);
		assertThat(read.headers().firstValue("X-Cache")).hasValue("MISS");
		assertThat(ApiClient.json(read).get("name").asString()).isEqualTo("Desk lamp");
	}

}
