package io.cachekit.demo;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input over HTTP: each answer is {@code application/problem+json} with a detail that names the
 * problem, and never a stack trace.
 */
class ErrorResponsesIntegrationTests extends EndToEndTestSupport {

	@Test
	void unknownProductIs404() {
		assertProblem(this.api.get("/api/products/999999999"), 404, "Product '999999999' does not exist");
	}

	@Test
	void nonNumericIdIs400() {
		assertProblem(this.api.get("/api/products/abc"), 400, "'id' must be a whole number, not 'abc'");
	}

	@Test
	void negativeIdIs400() {
		assertProblem(this.api.get("/api/products/-5"), 400, "id must be greater than 0");
	}

	@Test
	void malformedJsonIs400() {
		assertProblem(this.api.post("/api/products", "{\"name\": "), 400, "Malformed JSON");
	}

	@Test
	void wrongTypeInBodyIs400() {
		assertProblem(this.api.post("/api/products",
				"{\"name\":\"X\",\"category\":\"toys\",\"priceCents\":\"cheap\",\"stock\":1}"), 400,
				"'priceCents' must be a whole number");
	}

	@Test
	void invalidFieldsAre400WithOneErrorPerField() {
		HttpResponse<String> response = this.api.post("/api/products",
				"{\"name\":\"\",\"category\":\"Not Valid\",\"priceCents\":-1,\"stock\":1}");
		JsonNode problem = assertProblem(response, 400, "priceCents must be greater than or equal to 0");
		assertThat(problem.get("errors")).hasSize(3);
	}

	@Test
	void missingBodyIs400() {
		assertProblem(this.api.post("/api/products", ""), 400, "Required request body is missing");
	}

	@Test
	void bodyOverTheLimitIs413() {
		String big = "{\"name\":\"" + "x".repeat(70_000) + "\"}";
		assertProblem(this.api.post("/api/products", big), 413, "must not exceed 65536 bytes");
	}

	@Test
	void chunkedBodyOverTheLimitIs413() {
		byte[] chunk = ("{\"description\":\"" + "y".repeat(70_000) + "\"}").getBytes();
		HttpRequest request = this.api.request("/api/products")
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofByteArray(chunk)))
			.build();
		assertProblem(this.api.send(request), 413, "must not exceed 65536 bytes");
	}

	@Test
	void unknownPathIs404Problem() {
		HttpResponse<String> response = this.api.get("/api/nothing-here");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
	}

	@Test
	void wrongMethodIs405Problem() {
		HttpResponse<String> response = this.api.send(this.api.request("/api/products/1")
			.method("PATCH", HttpRequest.BodyPublishers.noBody())
			.build());
		assertThat(response.statusCode()).isEqualTo(405);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
	}

	@Test
	void containerErrorPageIsAProblemWithoutDetailsOfTheFailure() {
		HttpResponse<String> response = this.api.get("/error");
		assertThat(response.statusCode()).isEqualTo(500);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(ApiClient.json(response).get("detail").asString()).contains("has been logged");
	}

	private static JsonNode assertProblem(HttpResponse<String> response, int status, String detail) {
		assertThat(response.statusCode()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
		JsonNode problem = ApiClient.json(response);
		assertThat(problem.get("status").asInt()).isEqualTo(status);
		assertThat(problem.get("detail").asString()).contains(detail);
		return problem;
	}


}
