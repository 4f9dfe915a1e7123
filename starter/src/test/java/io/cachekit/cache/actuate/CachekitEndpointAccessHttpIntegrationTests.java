package io.cachekit.cache.actuate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Configuration;

import io.cachekit.test.DevService;
import io.cachekit.test.ImportDevServices;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code cachekit} endpoint over real HTTP: read-only unless the application permits more, following
 * Spring Boot's endpoint access ({@code management.endpoint.cachekit.access}).
 */
class CachekitEndpointAccessHttpIntegrationTests {

	private static final HttpClient http = HttpClient.newHttpClient();

	@Nested
	@SpringBootTest(classes = EndpointTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
			properties = { "server.address=127.0.0.1", "management.endpoints.web.exposure.include=cachekit",
					"cachekit.namespace=test-endpoint-read-only", "cachekit.cache.caches.product.ttl=1h" })
	@ImportDevServices(DevService.REDIS)
	class ByDefault {

		@LocalServerPort
		int port;

		@Autowired
		CacheManager cacheManager;

		@Test
		void readsAnswerAndEvictionAndClearingDoNotExist() throws Exception {
			Cache product = this.cacheManager.getCache("product");
			product.put("42", "answer");
			assertThat(send(this.port, "GET", "/actuator/cachekit").statusCode()).isEqualTo(200);
			HttpResponse<String> entry = send(this.port, "GET", "/actuator/cachekit/product/42");
			assertThat(entry.statusCode()).isEqualTo(200);
			assertThat(entry.body()).contains("\"exists\":true");
			assertThat(send(this.port, "DELETE", "/actuator/cachekit/product/42").statusCode()).isIn(404, 405);
			assertThat(send(this.port, "DELETE", "/actuator/cachekit/product").statusCode()).isIn(404, 405);
			assertThat(send(this.port, "POST", "/actuator/cachekit").statusCode()).isIn(404, 405);
			assertThat(product.get("42")).isNotNull();
		}

	}

	@Nested
	@SpringBootTest(classes = EndpointTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
			properties = { "server.address=127.0.0.1", "management.endpoints.web.exposure.include=cachekit",
					"management.endpoint.cachekit.access=unrestricted", "cachekit.namespace=test-endpoint-unrestricted",
					"cachekit.cache.caches.product.ttl=1h" })
	@ImportDevServices(DevService.REDIS)
	class WhenUnrestricted {

		@LocalServerPort
		int port;

		@Autowired
		CacheManager cacheManager;

		@Test
		void evictsAndClears() throws Exception {
			Cache product = this.cacheManager.getCache("product");
			product.put("42", "answer");
			product.put("43", "other");
			HttpResponse<String> evicted = send(this.port, "DELETE", "/actuator/cachekit/product/42");
			assertThat(evicted.statusCode()).isEqualTo(200);
			assertThat(evicted.body()).contains("\"evicted\":true");
			assertThat(product.get("42")).isNull();
			assertThat(send(this.port, "DELETE", "/actuator/cachekit/product").statusCode()).isEqualTo(204);
			assertThat(product.get("43")).isNull();
		}

	}

	private static HttpResponse<String> send(int port, String method, String path) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.header("Content-Type", "application/json")
			.method(method, method.equals("POST") ? HttpRequest.BodyPublishers.ofString("{\"tag\":\"product:42\"}")
					: HttpRequest.BodyPublishers.noBody())
			.build();
		return http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@EnableCaching
	static class EndpointTestApplication {

	}

}
