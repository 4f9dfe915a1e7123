package io.cachekit.demo;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The patterns the demo configures beyond cache-aside, over HTTP: hot products promoted to the near cache
 * and listed on the welcome page's endpoint; the consistency monitor catching a MongoDB update that bypassed
 * the application; long-form article views stored compressed; early refresh and stale-while-revalidate on
 * article views.
 */
class CachePatternsIntegrationTests extends EndToEndTestSupport {

	@Autowired
	RedissonClient redisson;

	@Autowired
	MongoTemplate mongo;

	@Test
	void aProductReadOftenBecomesHotAndIsServedFromTheNearCache() {
		for (int i = 0; i < 200; i++) {
			assertThat(this.api.get("/api/products/42").statusCode()).isEqualTo(200);
		}
		JsonNode insight = ApiClient.json(this.api.get("/api/ops/products"));
		assertThat(insight.get("hotKeys").get(0).get("key").asString()).as(insight.toString()).isEqualTo("42");
		JsonNode products = ApiClient.json(admin().get("/actuator/cachekit")).get("caches").get("products");
		assertThat(products.get("nearCache").get("size").asLong()).isPositive();
		assertThat(products.get("nearHits").asLong()).as("hits served in process").isGreaterThan(100);
		assertThat(products.get("hotKeys").get(0).get("key").asString()).isEqualTo("42");
	}

	@Test
	void theConsistencyMonitorReportsAnUpdateThatBypassedTheApplication() {
		long id = ApiClient.json(this.api.post("/api/products",
				"{\"name\":\"Kettle\",\"category\":\"kitchen\",\"priceCents\":2500,\"stock\":4}")).get("id").asLong();
		assertThat(this.api.get("/api/products/" + id).statusCode()).isEqualTo(200);
		long inconsistentBefore = consistency().get("inconsistent").asLong();
		HttpResponse<String> updated = this.api.put("/api/products/" + id,
				"{\"name\":\"Steel kettle\",\"category\":\"kitchen\",\"priceCents\":2600,\"stock\":4}");
		assertThat(updated.statusCode()).isEqualTo(200);
		// a batch job writes MongoDB directly: the cached copy is now stale, and nothing evicts it
		this.mongo.updateFirst(Query.query(Criteria.where("_id").is(id)),
				new Update().set("name", "Kettle (recalled)").set("updatedAt", Instant.now().plusSeconds(60)),
				"products");
		// T is 5s and checks run every second: reported within T plus one interval, plus slack for the machine
		await().atMost(Duration.ofSeconds(15))
			.untilAsserted(() -> assertThat(consistency().get("inconsistent").asLong())
				.isGreaterThan(inconsistentBefore));
		JsonNode consistency = consistency();
		assertThat(consistency.get("withinMillis").asLong()).isEqualTo(5000);
		assertThat(consistency.get("ratio").asDouble()).isLessThan(1.0);
	}

	private JsonNode consistency() {
		return ApiClient.json(this.api.get("/api/ops/products")).get("consistency");
	}

	@Test
	void aLongFormArticleIsStoredCompressed() {
		HttpResponse<String> article = this.api.get("/api/articles/article-10");
		assertThat(article.statusCode()).isEqualTo(200);
		int bodyLength = ApiClient.json(article).get("body").asString().length();
		assertThat(bodyLength).isGreaterThan(16 * 1024);
		byte[] stored = this.redisson.<byte[]>getBucket(NAMESPACE + ":articles:article-10", ByteArrayCodec.INSTANCE)
			.get();
		assertThat(stored).as("the view is cached").isNotNull();
		assertThat(stored.length).as("stored LZ4-compressed: a fraction of the body's %d characters", bodyLength)
			.isLessThan(bodyLength / 4);
		assertThat(ApiClient.json(this.api.get("/api/articles/article-10")).get("body").asString())
			.as("read back whole").hasSize(bodyLength);
	}

	@Test
	void articleViewsAreRefreshedEarlyAndServedStaleWhileOneCallerRefreshes() {
		JsonNode articles = ApiClient.json(admin().get("/actuator/cachekit")).get("caches").get("articles");
		assertThat(articles.get("earlyRefreshBeta").asDouble()).isEqualTo(1.0);
		assertThat(articles.get("staleTtl").asString()).isEqualTo("PT30S");
		assertThat(articles.get("compressionThreshold").asInt()).isEqualTo(1024);
		JsonNode products = ApiClient.json(admin().get("/actuator/cachekit")).get("caches").get("products");
		assertThat(products.get("staleTtl").asString()).as("product prices are never served stale").isEqualTo("none");
	}

}
