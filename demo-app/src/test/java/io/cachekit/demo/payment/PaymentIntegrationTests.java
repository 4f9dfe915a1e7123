package io.cachekit.demo.payment;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import io.cachekit.test.ImportDevServices;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's charge endpoint over HTTP against real Redis and MongoDB: a charge is written with its
 * fencing token, the ledger refuses a stale token, and the sixth attempt on one order within a
 * minute is rate limited.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "server.address=127.0.0.1")
@ImportDevServices
class PaymentIntegrationTests {

	/** This run's database: two runs on one machine (or one MongoDB) never share charges. */
	private static final String DATABASE = "demo-payments-" + UUID.randomUUID().toString().substring(0, 8);

	@LocalServerPort
	int port;

	@Autowired
	PaymentLedger ledger;

	@Autowired
	MongoTemplate mongo;

	private final HttpClient http = HttpClient.newHttpClient();

	@DynamicPropertySource
	static void isolate(DynamicPropertyRegistry registry) {
		registry.add("spring.mongodb.database", () -> DATABASE);
	}

	@Test
	void ledgerUsesADatabaseOfThisRunsOwn() {
		assertThat(this.mongo.getDb().getName()).isEqualTo(DATABASE);
	}

	@Test
	void chargeIsWrittenWithItsFencingToken() throws Exception {
		String order = "order-" + UUID.randomUUID();
		HttpResponse<String> response = charge(order, 1299);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("RateLimit-Limit")).isPresent();
		Document stored = this.ledger.find(order);
		assertThat(stored.getLong("amountCents")).isEqualTo(1299);
		assertThat(response.body()).contains("\"fencingToken\":" + stored.getLong("fence"));
	}

	@Test
	void ledgerRejectsAStaleToken() {
		String order = "order-" + UUID.randomUUID();
		assertThat(this.ledger.record(order, 5, 100)).isTrue();
		assertThat(this.ledger.record(order, 7, 200)).isTrue();
		assertThat(this.ledger.record(order, 6, 300)).isFalse();
		assertThat(this.ledger.find(order).getLong("amountCents")).isEqualTo(200);
	}

	@Test
	void sixthChargeOfAnOrderWithinAMinuteIsRateLimited() throws Exception {
		String order = "order-" + UUID.randomUUID();
		for (int i = 0; i < 5; i++) {
			assertThat(charge(order, 100).statusCode()).isEqualTo(200);
		}
		HttpResponse<String> denied = charge(order, 100);
		assertThat(denied.statusCode()).isEqualTo(429);
		assertThat(denied.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(denied.headers().firstValue("Retry-After")).isPresent();
		assertThat(denied.body()).contains("Rate limit 'charge'");
	}

	private HttpResponse<String> charge(String order, long amountCents) throws Exception {
		URI uri = URI.create(
				"http://127.0.0.1:" + this.port + "/api/orders/" + order + "/charge?amountCents=" + amountCents);
		return this.http.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody()).build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
