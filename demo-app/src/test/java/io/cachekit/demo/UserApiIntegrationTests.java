package io.cachekit.demo;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /api/users} over HTTP: cached reads and direct database reads of the seeded users.
 */
class UserApiIntegrationTests extends EndToEndTestSupport {

	@Test
	void seededUserMissesThenHits() {
		HttpResponse<String> first = this.api.get("/api/users/42");
		HttpResponse<String> second = this.api.get("/api/users/42");
		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(first.headers().firstValue("X-Cache")).hasValue("MISS");
		assertThat(second.headers().firstValue("X-Cache")).hasValue("HIT");
		assertThat(ApiClient.json(second).get("id").asString()).isEqualTo("42");
	}

	@Test
	void databaseReadBypassesTheCache() {
		HttpResponse<String> response = this.api.get("/api/users/43?consistency=db");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("X-Cache")).hasValue("BYPASS");
		assertThat(ApiClient.json(response).get("version").asLong()).isZero();
	}

	@Test
	void unknownConsistencyIs400() {
		HttpResponse<String> response = this.api.get("/api/users/1?consistency=eventual");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(ApiClient.json(response).get("detail").asString()).contains("consistency");
	}

	@Test
	void unknownUserIs404() {
		assertThat(this.api.get("/api/users/100000").statusCode()).isEqualTo(404);
	}

}
