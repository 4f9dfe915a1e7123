package io.cachekit.demo;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Actuator (as the admin; health is open) and the welcome page over HTTP.
 */
class OperabilityIntegrationTests extends EndToEndTestSupport {

	@Test
	void healthIsUpWithRedisMongoAndKafka() {
		HttpResponse<String> response = this.api.get("/actuator/health");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode health = ApiClient.json(response);
		assertThat(health.get("status").asString()).isEqualTo("UP");
		assertThat(health.get("components").get("redis").get("status").asString()).isEqualTo("UP");
		assertThat(health.get("components").get("mongo").get("status").asString()).isEqualTo("UP");
		assertThat(health.get("components").get("kafka").get("status").asString()).isEqualTo("UP");
	}

	@Test
	void cachesEndpointListsTheDemoCaches() {
		JsonNode caches = ApiClient.json(admin().get("/actuator/caches"));
		assertThat(caches.findValues("caches").get(0).propertyNames()).contains("products", "productPages",
				"articles");
	}

	@Test
	void cacheHitsAreCountedInMetrics() {
		this.api.get("/api/products/3");
		this.api.get("/api/products/3");
		HttpResponse<String> metric = admin().get("/actuator/metrics/cache.gets?tag=cache:products&tag=result:hit");
		assertThat(metric.statusCode()).isEqualTo(200);
		assertThat(ApiClient.json(metric).get("measurements").get(0).get("value").asDouble()).isGreaterThan(0);
	}

	@Test
	void prometheusScrapeHasCacheAndHttpMetrics() {
		this.api.get("/api/products/4");
		HttpResponse<String> response = admin().get("/actuator/prometheus");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("cache_gets_total").contains("http_server_requests_seconds_count");
	}

	@Test
	void prometheusScrapeHasLockAndWriteBehindMeters() {
		HttpResponse<String> created = this.api.post("/api/orders", "{\"amountCents\":1200}");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		long order = ApiClient.json(created).get("id").asLong();
		assertThat(this.api.post("/api/orders/" + order + "/pay", "").statusCode()).isEqualTo(200);
		assertThat(this.api.put("/api/users/93", "{\"name\":\"Metered User\",\"email\":\"m@example.com\"}")
			.statusCode()).isEqualTo(202);
		String scrape = admin().get("/actuator/prometheus").body();
		assertThat(scrape)
			.containsPattern("cachekit_lock_acquire_seconds_count\\{[^}]*lock=\"OrderService.pay\",outcome=\"acquired\"")
			.containsPattern("cachekit_lock_held_seconds_count\\{[^}]*lease=\"kept\",lock=\"OrderService.pay\"")
			.containsPattern("cachekit_write_behind_publish_seconds_count\\{[^}]*outcome=\"acknowledged\",type=\"users\"");
	}

	@Test
	void welcomePageIsServedAtRoot() {
		HttpResponse<String> response = this.api.get("/");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("cachekit demo shop").contains("welcome.js");
		assertThat(this.api.get("/welcome.js").body()).contains("/api/ops/caches").doesNotContain("/actuator/metrics");
	}

	@Test
	void cacheActivityIsPublicAndHoldsCountsOnly() {
		this.api.get("/api/products/5");
		this.api.get("/api/products/5");
		HttpResponse<String> response = this.api.get("/api/ops/caches");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode products = null;
		for (JsonNode cache : ApiClient.json(response).get("caches")) {
			if (cache.get("name").asString().equals("products")) {
				products = cache;
			}
		}
		assertThat(products).isNotNull();
		assertThat(products.get("hits").asLong()).isPositive();
		assertThat(products.get("misses").asLong()).isPositive();
		assertThat(products.propertyNames()).containsExactlyInAnyOrder("name", "hits", "misses");
		assertThat(ApiClient.json(response).get("rejections").asLong()).isNotNegative();
	}

	@Test
	void writeBehindLagReportsAnAbsentWorker() {
		JsonNode lag = ApiClient.json(this.api.get("/api/ops/write-behind"));
		assertThat(lag.get("available").asBoolean()).isFalse();
		assertThat(lag.get("detail").asString()).contains("Worker metrics unavailable");
	}

}
