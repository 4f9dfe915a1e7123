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
		HttpResponse<String> first = this.api.get("/api/users/77");
		HttpResponse<String> second = this.api.get("/api/users/77");
		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(first.headers().firstValue("X-Cache")).hasValue("MISS");
		assertThat(second.headers().firstValue("X-Cache")).hasValue("HIT");
		assertThat(ApiClient.json(second).get("id").asString()).isEqualTo("77");
	}

	@Test
	void databaseReadBypassesTheCache() {
		HttpResponse<String> response = this.api.get("/api/users/78?consistency=db");
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
	void updateIsAcceptedWithAVersionAndReadBackAtOnce() {
		HttpResponse<String> saved = this.api.put("/api/users/44",
				"{\"name\":\"Grace Renamed\",\"email\":\"grace@example.com\"}");
		assertThat(saved.statusCode()).isEqualTo(202);
		long version = ApiClient.json(saved).get("version").asLong();
		assertThat(version).isPositive();
		HttpResponse<String> read = this.api.get("/api/users/44");
		assertThat(read.headers().firstValue("X-Cache")).hasValue("HIT");
		assertThat(ApiClient.json(read).get("name").asString()).isEqualTo("Grace Renamed");
		assertThat(ApiClient.json(read).get("version").asLong()).isEqualTo(version);
	}

	@Test
	void secondUpdateGetsAHigherVersion() {
		long first = ApiClient.json(this.api.put("/api/users/45", "{\"name\":\"A\",\"email\":\"a@example.com\"}"))
			.get("version")
			.asLong();
		long second = ApiClient.json(this.api.put("/api/users/45", "{\"name\":\"B\",\"email\":\"b@example.com\"}"))
			.get("version")
			.asLong();
		assertThat(second).isGreaterThan(first);
		assertThat(ApiClient.json(this.api.get("/api/users/45")).get("name").asString()).isEqualTo("B");
	}

	@Test
	void invalidEmailIs400() {
		HttpResponse<String> response = this.api.put("/api/users/46", "{\"name\":\"A\",\"email\":\"nope\"}");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(ApiClient.json(response).get("detail").asString()).contains("email");
	}

	@Test
	void unknownUserIs404() {
		assertThat(this.api.get("/api/users/100000").statusCode()).isEqualTo(404);
	}

}
