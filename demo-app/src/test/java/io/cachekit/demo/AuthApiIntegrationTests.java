package io.cachekit.demo;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /api/auth} over HTTP with Spring Session on real Redis: each {@link ApiClient} is one browser with
 * its own cookie jar.
 */
class AuthApiIntegrationTests extends EndToEndTestSupport {

	@Test
	void loginThenMe() {
		login(this.api, "alice", "wonderland");
		HttpResponse<String> me = this.api.get("/api/auth/me");
		assertThat(me.statusCode()).isEqualTo(200);
		assertThat(ApiClient.json(me).get("username").asString()).isEqualTo("alice");
		assertThat(ApiClient.json(me).get("displayName").asString()).isEqualTo("Alice Liddell");
		assertThat(ApiClient.json(me).get("idleTimeoutSeconds").asLong()).isEqualTo(1800);
	}

	@Test
	void sessionCookieIsHttpOnlyAndSameSiteLax() {
		HttpResponse<String> login = login(this.api, "alice", "wonderland");
		String cookie = sessionCookie(login).orElseThrow();
		assertThat(cookie).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Lax");
	}

	@Test
	void wrongPasswordIs401() {
		HttpResponse<String> response = this.api.post("/api/auth/login",
				"{\"username\":\"alice\",\"password\":\"guess\"}");
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(sessionCookie(response)).isEmpty();
	}

	@Test
	void meWithoutSessionIs401() {
		HttpResponse<String> response = this.api.get("/api/auth/me");
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(ApiClient.json(response).get("detail").asString()).contains("POST /api/auth/login");
	}

	@Test
	void sessionIdChangesAtLogin() {
		String first = sessionCookieValue(login(this.api, "bob", "builder"));
		String second = sessionCookieValue(login(this.api, "carol", "singer"));
		assertThat(second).isNotEqualTo(first);
		ApiClient oldCookie = newClient();
		HttpResponse<String> replay = oldCookie.get("/api/auth/me", "Cookie", "SESSION=" + first);
		assertThat(replay.statusCode()).isEqualTo(401);
		assertThat(ApiClient.json(this.api.get("/api/auth/me")).get("username").asString()).isEqualTo("carol");
	}

	@Test
	void anonymousRequestsCreateNoSession() {
		assertThat(sessionCookie(this.api.get("/api/auth/me"))).isEmpty();
		assertThat(sessionCookie(this.api.get("/api/products/1"))).isEmpty();
		assertThat(sessionCookie(this.api.get("/"))).isEmpty();
	}

	@Test
	void sessionIdChosenByAnAttackerIsNotAdoptedAtLogin() {
		// No anonymous session exists to fixate, so an attacker can only plant an id of their own making.
		String forged = Base64.getEncoder().encodeToString(("fixated-" + RUN).getBytes(StandardCharsets.UTF_8));
		ApiClient victim = newClient();
		HttpResponse<String> login = victim.post("/api/auth/login",
				"{\"username\":\"alice\",\"password\":\"wonderland\"}", "Cookie", "SESSION=" + forged);
		assertThat(login.statusCode()).isEqualTo(200);
		assertThat(sessionCookieValue(login)).isNotEqualTo(forged);
		assertThat(ApiClient.json(victim.get("/api/auth/me")).get("username").asString()).isEqualTo("alice");
		HttpResponse<String> attacker = newClient().get("/api/auth/me", "Cookie", "SESSION=" + forged);
		assertThat(attacker.statusCode()).isEqualTo(401);
	}

	@Test
	void sessionPlantedBeforeLoginIsReplacedAndNoLongerValid() {
		// The attacker's own valid session, planted in the victim's browser before the victim logs in.
		String planted = sessionCookieValue(login(newClient(), "bob", "builder"));
		ApiClient victim = newClient();
		HttpResponse<String> login = victim.post("/api/auth/login",
				"{\"username\":\"carol\",\"password\":\"singer\"}", "Cookie", "SESSION=" + planted);
		assertThat(login.statusCode()).isEqualTo(200);
		String issued = sessionCookieValue(login);
		assertThat(issued).isNotEqualTo(planted);
		assertThat(ApiClient.json(victim.get("/api/auth/me")).get("username").asString()).isEqualTo("carol");
		HttpResponse<String> attacker = newClient().get("/api/auth/me", "Cookie", "SESSION=" + planted);
		assertThat(attacker.statusCode()).isEqualTo(401);
	}

	@Test
	void logoutEndsTheSession() {
		login(this.api, "bob", "builder");
		assertThat(this.api.post("/api/auth/logout", "").statusCode()).isEqualTo(204);
		assertThat(this.api.get("/api/auth/me").statusCode()).isEqualTo(401);
	}

	@Test
	void logoutAllRevokesEverySessionOfTheUser() {
		ApiClient laptop = newClient();
		ApiClient phone = newClient();
		ApiClient otherUser = newClient();
		login(laptop, "carol", "singer");
		login(phone, "carol", "singer");
		login(otherUser, "bob", "builder");
		HttpResponse<String> logoutAll = laptop.post("/api/auth/logout-all", "");
		assertThat(logoutAll.statusCode()).isEqualTo(200);
		assertThat(ApiClient.json(logoutAll).get("revokedSessions").asInt()).isGreaterThanOrEqualTo(2);
		assertThat(phone.get("/api/auth/me").statusCode()).isEqualTo(401);
		assertThat(laptop.get("/api/auth/me").statusCode()).isEqualTo(401);
		assertThat(otherUser.get("/api/auth/me").statusCode()).isEqualTo(200);
	}

	private static HttpResponse<String> login(ApiClient client, String username, String password) {
		HttpResponse<String> response = client.post("/api/auth/login",
				"{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
		assertThat(response.statusCode()).isEqualTo(200);
		return response;
	}

	private static Optional<String> sessionCookie(HttpResponse<String> response) {
		return response.headers().allValues("Set-Cookie").stream().filter((c) -> c.startsWith("SESSION=")).findFirst();
	}

	private static String sessionCookieValue(HttpResponse<String> response) {
		String cookie = sessionCookie(response).orElseThrow();
		return cookie.substring("SESSION=".length(), cookie.indexOf(';'));
	}

}
