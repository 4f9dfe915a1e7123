package io.cachekit.demo;

import java.net.http.HttpResponse;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.cachekit.test.ImportDevServices;

/**
 * Base of the end-to-end tests: the whole demo on a random port against real Redis, Kafka and MongoDB from
 * the dev services. Every subclass shares one application context; this JVM's run gets its own database,
 * cache namespace, write-behind keys and topic, session namespace and leaderboard key, so concurrent builds never see each other's data.
 * Tests that change data create their own products, orders or players.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ImportDevServices
abstract class EndToEndTestSupport {

	static final String RUN = UUID.randomUUID().toString().substring(0, 8);

	/** This run's MongoDB database. */
	static final String DATABASE = "demo-e2e-" + RUN;

	/** This run's write-behind topic. */
	static final String WRITE_BEHIND_TOPIC = "demo-e2e-" + RUN + ".write-behind";

	/** This run's namespace: every cachekit key in Redis starts with it, in the app and in the worker. */
	static final String NAMESPACE = "demo-e2e-" + RUN;

	@LocalServerPort
	int port;

	ApiClient api;

	@DynamicPropertySource
	static void isolate(DynamicPropertyRegistry registry) {
		registry.add("spring.mongodb.database", () -> DATABASE);
		registry.add("cachekit.namespace", () -> NAMESPACE);
		registry.add("cachekit.write-behind.topic", () -> WRITE_BEHIND_TOPIC);
		// The shared context sends many requests from one address; RateLimitIntegrationTests checks limits.
		registry.add("cachekit.rate-limit.enabled", () -> "false");
		registry.add("spring.session.data.redis.namespace", () -> "demo-e2e-" + RUN + ":session");
		registry.add("demo.leaderboard.key", () -> "demo-e2e-" + RUN + ":leaderboard");
		admin(registry);
	}

	/**
	 * Gives a test context names of its own in every shared server: its MongoDB database, cachekit namespace,
	 * write-behind topic, session namespace and leaderboard key.
	 * @param registry the test's properties
	 * @param name the name
	 */
	static void isolateAs(DynamicPropertyRegistry registry, String name) {
		registry.add("spring.mongodb.database", () -> name);
		registry.add("cachekit.namespace", () -> name);
		registry.add("cachekit.write-behind.topic", () -> name + ".write-behind");
		registry.add("spring.session.data.redis.namespace", () -> name + ":session");
		registry.add("demo.leaderboard.key", () -> name + ":leaderboard");
	}

	/** The demo ships no admin; these tests add one, as the local dev stack does. */
	static void admin(DynamicPropertyRegistry registry) {
		registry.add("demo.auth.users.admin.password", () -> ADMIN_PASSWORD_HASH);
		registry.add("demo.auth.users.admin.roles", () -> "ADMIN");
	}

	@BeforeEach
	void client() {
		this.api = new ApiClient(this.port);
	}

	ApiClient newClient() {
		return new ApiClient(this.port);
	}

	/** The tests' admin: the one user allowed on the management endpoints but health. */
	static final String ADMIN = "admin";

	static final String ADMIN_PASSWORD = "admin-local-only";

	/** The bcrypt hash of {@link #ADMIN_PASSWORD}. */
	static final String ADMIN_PASSWORD_HASH = "{bcrypt}$2a$10$cfKhh4tHkKFuq7Jgj3vk.utOgTuIh5wI2URHRSs8iB.jM9yXVBj62";

	/**
	 * A client logged in as the admin.
	 * @return the client
	 */
	ApiClient admin() {
		return admin(this.port);
	}

	/**
	 * A client of the demo on a port, logged in as the admin (the context must have {@link #admin(DynamicPropertyRegistry)}).
	 * @param port the demo's port
	 * @return the client
	 */
	static ApiClient admin(int port) {
		ApiClient admin = new ApiClient(port);
		HttpResponse<String> login = admin.post("/api/auth/login",
				"{\"username\":\"" + ADMIN + "\",\"password\":\"" + ADMIN_PASSWORD + "\"}");
		if (login.statusCode() != 200) {
			throw new IllegalStateException("Admin login answered " + login.statusCode() + ": " + login.body());
		}
		return admin;
	}

}
