package io.cachekit.demo;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's Spring Security rules over HTTP: management endpoints for the admin only (health open), CSRF on
 * requests that carry a session cookie, a new session id at every login, security headers.
 */
class SecurityIntegrationTests extends EndToEndTestSupport {

	@Test
	void anonymousClearingAndEvictionAreRefusedAndTheCacheIsUntouched() {
		String id = "1181";
		assertThat(this.api.get("/api/products/" + id).statusCode()).isEqualTo(200);
		String cached = this.api.get("/api/products/" + id).headers().firstValue("X-Cache").orElseThrow();
		assertThat(cached).isEqualTo("HIT");
		for (String path : new String[] { "/actuator/caches", "/actuator/caches/products", "/actuator/cachekit/products",
				"/actuator/cachekit/products/" + id }) {
			HttpResponse<String> refused = this.api.delete(path);
			assertThat(refused.statusCode()).as(path).isIn(401, 403);
			assertThat(refused.headers().firstValue("Content-Type")).as(path).hasValue("application/problem+json");
		}
		assertThat(this.api.get("/api/products/" + id).headers().firstValue("X-Cache")).hasValue("HIT");
	}

	@Test
	void readsOfManagementEndpointsNeedTheAdminButHealthIsOpen() {
		for (String path : new String[] { "/actuator/prometheus", "/actuator/cachekit", "/actuator/metrics",
				"/actuator/caches" }) {
			assertThat(this.api.get(path).statusCode()).as(path).isEqualTo(401);
		}
		assertThat(this.api.get("/actuator/health").statusCode()).isEqualTo(200);
		assertThat(this.api.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
		assertThat(this.api.get("/actuator/health/readiness").statusCode()).isEqualTo(200);
	}

	@Test
	void aLoggedInUserWithoutTheAdminRoleIsForbidden() {
		ApiClient alice = newClient();
		assertThat(alice.post("/api/auth/login", "{\"username\":\"alice\",\"password\":\"wonderland\"}").statusCode())
			.isEqualTo(200);
		HttpResponse<String> refused = alice.delete("/actuator/caches");
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(ApiClient.json(refused).get("detail").asString()).contains("ADMIN");
		assertThat(alice.get("/actuator/prometheus").statusCode()).isEqualTo(403);
	}

	@Test
	void theAdminCanClearAndEvict() {
		ApiClient admin = admin();
		String id = "1182";
		assertThat(this.api.get("/api/products/" + id).statusCode()).isEqualTo(200);
		assertThat(this.api.get("/api/products/" + id).headers().firstValue("X-Cache")).hasValue("HIT");
		HttpResponse<String> evicted = admin.delete("/actuator/cachekit/products/" + id);
		assertThat(evicted.statusCode()).isEqualTo(200);
		assertThat(ApiClient.json(evicted).get("evicted").asBoolean()).isTrue();
		assertThat(this.api.get("/api/products/" + id).headers().firstValue("X-Cache")).hasValue("MISS");

		assertThat(this.api.get("/api/products/" + id).headers().firstValue("X-Cache")).hasValue("HIT");
		assertThat(admin.delete("/actuator/cachekit/products").statusCode()).isEqualTo(204);
		assertThat(this.api.get("/api/products/" + id).headers().firstValue("X-Cache")).hasValue("MISS");
		assertThat(admin.get("/actuator/prometheus").statusCode()).isEqualTo(200);
	}

	@Test
	void managementEndpointsTakeHttpBasicCredentialsOfTheAdmin() {
		String basic = ApiClient.basic(ADMIN, ADMIN_PASSWORD);
		HttpResponse<String> scrape = newClient().get("/actuator/prometheus", "Authorization", basic);
		assertThat(scrape.statusCode()).isEqualTo(200);
		assertThat(scrape.headers().allValues("Set-Cookie")).noneMatch((cookie) -> cookie.startsWith("SESSION="));
	}

	@Test
	void everyLoginWithASessionCookieSetInAdvanceGetsANewId() {
		ApiClient browser = newClient();
		Set<String> seen = new HashSet<>();
		String previous = null;
		for (int i = 0; i < 100; i++) {
			String planted = (previous != null) ? previous : "planted-" + RUN;
			HttpResponse<String> login = browser.post("/api/auth/login",
					"{\"username\":\"bob\",\"password\":\"builder\"}", "Cookie", "SESSION=" + planted);
			assertThat(login.statusCode()).as("login %d", i).isEqualTo(200);
			String issued = sessionCookieValue(login);
			assertThat(issued).as("login %d", i).isNotEqualTo(planted);
			assertThat(seen.add(issued)).as("login %d got an id seen before", i).isTrue();
			previous = issued;
		}
	}

	@Test
	void aStateChangeWithASessionCookieAndNoCsrfTokenIsRefused() {
		ApiClient alice = newClient();
		assertThat(alice.post("/api/auth/login", "{\"username\":\"alice\",\"password\":\"wonderland\"}").statusCode())
			.isEqualTo(200);
		HttpResponse<String> refused = alice.send(alice.request("/api/auth/logout-all")
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(""))
			.build());
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(ApiClient.json(refused).get("detail").asString()).contains("X-XSRF-TOKEN");
		HttpResponse<String> wrongToken = alice.send(alice.request("/api/users/71", "X-XSRF-TOKEN", "forged")
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString("{\"name\":\"Mallory\",\"email\":\"m@example.com\"}"))
			.build());
		assertThat(wrongToken.statusCode()).isEqualTo(403);
		// still logged in: the refused request changed nothing
		assertThat(alice.get("/api/auth/me").statusCode()).isEqualTo(200);
		// with the token the same request goes through
		assertThat(alice.post("/api/auth/logout-all", "").statusCode()).isEqualTo(200);
	}

	@Test
	void requestsWithoutASessionCookieNeedNoToken() {
		HttpResponse<String> anonymous = this.api.send(HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/api/auth/login"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"alice\",\"password\":\"wonderland\"}"))
			.build());
		assertThat(anonymous.statusCode()).isEqualTo(200);
	}

	@Test
	void securityHeadersAreSet() {
		HttpResponse<String> page = this.api.get("/");
		assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
		assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
		assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
				(csp) -> assertThat(csp).contains("default-src 'self'").contains("frame-ancestors 'none'"));
		HttpResponse<String> api = this.api.get("/api/products/1");
		assertThat(api.headers().firstValue("Cache-Control")).hasValueSatisfying(
				(value) -> assertThat(value).contains("no-store"));
	}

	private static String sessionCookieValue(HttpResponse<String> response) {
		String cookie = response.headers()
			.allValues("Set-Cookie")
			.stream()
			.filter((c) -> c.startsWith("SESSION="))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no session cookie in " + response.headers().map()));
		return cookie.substring("SESSION=".length(), cookie.indexOf(';'));
	}

}
