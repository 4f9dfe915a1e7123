package io.cachekit.demo;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /api/orders} over HTTP: paying charges exactly once under concurrent duplicates.
 */
class OrderApiIntegrationTests extends EndToEndTestSupport {

	@Autowired
	MongoTemplate mongoTemplate;

	@Test
	void twentyConcurrentPaysChargeOnce() throws Exception {
		long id = createOrder(4200);
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService executor = Executors.newFixedThreadPool(20);
		List<Future<HttpResponse<String>>> responses = new ArrayList<>();
		try {
			for (int i = 0; i < 20; i++) {
				ApiClient client = newClient();
				responses.add(executor.submit(() -> {
					start.await();
					return client.post("/api/orders/" + id + "/pay", "");
				}));
			}
			start.countDown();
			Set<String> chargeIds = new HashSet<>();
			for (Future<HttpResponse<String>> future : responses) {
				HttpResponse<String> response = future.get();
				assertThat(response.statusCode()).isEqualTo(200);
				if (response.statusCode() == 200) {
					chargeIds.add(ApiClient.json(response).get("chargeId").asString());
				}
			}
			assertThat(chargeIds).hasSize(1);
		}
		finally {
			executor.shutdown();
		}
		JsonNode order = ApiClient.json(this.api.get("/api/orders/" + id));
		assertThat(order.get("status").asString()).isEqualTo("PAID");
		assertThat(order.get("charges").asLong()).isEqualTo(1);
	}

	@Test
	void payingTwiceReturnsTheSameCharge() {
		long id = createOrder(1000);
		JsonNode first = ApiClient.json(this.api.post("/api/orders/" + id + "/pay", ""));
		JsonNode second = ApiClient.json(this.api.post("/api/orders/" + id + "/pay", ""));
		assertThat(second.get("chargeId").asString()).isEqualTo(first.get("chargeId").asString());
		assertThat(second.get("charges").asLong()).isEqualTo(1);
	}

	@Test
	void writeFencedByANewerTokenIsRefused() {
		long id = createOrder(700);
		// A newer lock holder has written the order: this request's token is older and must not charge it.
		this.mongoTemplate.updateFirst(Query.query(Criteria.where("_id").is(id)),
				new Update().set("fence", Long.MAX_VALUE), "orders");
		HttpResponse<String> response = this.api.post("/api/orders/" + id + "/pay", "");
		assertThat(response.statusCode()).isEqualTo(409);
		assertThat(ApiClient.json(this.api.get("/api/orders/" + id)).get("charges").asLong()).isZero();
	}

	@Test
	void payingAnUnknownOrderIs404() {
		HttpResponse<String> response = this.api.post("/api/orders/987654321/pay", "");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
	}

	@Test
	void nonPositiveAmountIs400() {
		HttpResponse<String> response = this.api.post("/api/orders", "{\"amountCents\":0}");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(ApiClient.json(response).get("detail").asString()).contains("amountCents");
	}

	private long createOrder(long amountCents) {
		HttpResponse<String> created = this.api.post("/api/orders", "{\"amountCents\":" + amountCents + "}");
		assertThat(created.statusCode()).isEqualTo(201);
		return ApiClient.json(created).get("id").asLong();
	}

}
