package io.cachekit.demo;

import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;

import io.cachekit.demo.user.UserService;
import io.cachekit.writebehind.pending.WriteBehindCache;
import io.cachekit.writebehind.pending.WriteBehindKeys;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole write-behind path over HTTP: the demo on a random port and the real worker application in this
 * JVM, both on the dev-services Redis, Kafka and MongoDB. A {@code PUT /api/users/{id}} is acknowledged with a
 * version, the worker drains the topic into the {@code users} collection, and {@code ?consistency=db} (a direct
 * MongoDB read) shows that version within seconds.
 * <p>
 * The worker ({@link DemoWorker}) gets this run's database, write-behind topic and Redis key prefix. It runs
 * without a web server (as in the worker's own tests), so it takes no port.
 */
class UserWriteBehindWorkerIntegrationTests extends EndToEndTestSupport {

	private static final Duration PERSIST_TIMEOUT = Duration.ofSeconds(15);

	private static ConfigurableApplicationContext worker;

	@Autowired
	WriteBehindCache writeBehindCache;

	@Autowired
	WriteBehindKeys writeBehindKeys;

	@Autowired
	RedissonClient redisson;

	@BeforeAll
	static void startWorker() {
		worker = DemoWorker.start(DATABASE, WRITE_BEHIND_TOPIC, NAMESPACE, "demo-e2e-" + RUN + "-worker",
				false);
	}

	@AfterAll
	static void stopWorker() {
		if (worker != null) {
			worker.close();
		}
	}

	@Test
	void updateReachesMongoDbThroughTheWorkerWithinSeconds() throws InterruptedException {
		HttpResponse<String> saved = this.api.put("/api/users/61",
				"{\"name\":\"Ada Persisted\",\"email\":\"ada.persisted@example.com\"}");
		assertThat(saved.statusCode()).isEqualTo(202);
		long version = ApiClient.json(saved).get("version").asLong();
		assertThat(version).isPositive();

		JsonNode stored = awaitDatabaseVersion("61", version);
		assertThat(stored.get("name").asString()).isEqualTo("Ada Persisted");
		assertThat(stored.get("email").asString()).isEqualTo("ada.persisted@example.com");
		// The worker releases the demo's entry (same namespace) right after the MongoDB write: it then expires
		// like any cached value. Where the worker was faster than the demo's pin, it left a marker of the version
		// instead and the pin was refused: reads load the persisted version.
		WriteBehindCache.Entry entry = awaitReleased("61");
		if (entry != null) {
			assertThat(entry.version()).isEqualTo(version);
			assertThat(entry.pinned()).isFalse();
		}
		else {
			String marker = this.redisson.<String, String>getMap(this.writeBehindKeys.entry(UserService.USERS, "61"),
					StringCodec.INSTANCE).get("version");
			assertThat(marker).as("version kept by the worker's release").isEqualTo(String.valueOf(version));
		}
	}

	@Test
	void secondUpdateLandsWithItsHigherVersionAndTheCachedReadShowsIt() throws InterruptedException {
		long first = ApiClient
			.json(this.api.put("/api/users/62", "{\"name\":\"Alan First\",\"email\":\"alan.first@example.com\"}"))
			.get("version")
			.asLong();
		awaitDatabaseVersion("62", first);
		HttpResponse<String> saved = this.api.put("/api/users/62",
				"{\"name\":\"Alan Second\",\"email\":\"alan.second@example.com\"}");
		assertThat(saved.statusCode()).isEqualTo(202);
		long second = ApiClient.json(saved).get("version").asLong();
		assertThat(second).isGreaterThan(first);

		JsonNode stored = awaitDatabaseVersion("62", second);
		assertThat(stored.get("name").asString()).isEqualTo("Alan Second");
		// Served pinned until the worker releases it, then loaded from MongoDB and cached (the worker also evicts
		// cached copies once it released): every read shows the second version, and reads settle on HITs.
		HttpResponse<String> cached = awaitCachedRead("62", second);
		assertThat(cached.headers().firstValue("X-Cache")).hasValue("HIT");
		assertThat(ApiClient.json(cached).get("name").asString()).isEqualTo("Alan Second");
		assertThat(ApiClient.json(cached).get("version").asLong()).isEqualTo(second);
	}

	private HttpResponse<String> awaitCachedRead(String id, long version) throws InterruptedException {
		long deadline = System.nanoTime() + PERSIST_TIMEOUT.toNanos();
		while (true) {
			HttpResponse<String> read = this.api.get("/api/users/" + id);
			assertThat(read.statusCode()).isEqualTo(200);
			assertThat(ApiClient.json(read).get("version").asLong()).as("version read through the cache")
				.isEqualTo(version);
			if (read.headers().firstValue("X-Cache").orElse("").equals("HIT") || System.nanoTime() > deadline) {
				return read;
			}
			Thread.sleep(50);
		}
	}

	private WriteBehindCache.Entry awaitReleased(String id) throws InterruptedException {
		long deadline = System.nanoTime() + PERSIST_TIMEOUT.toNanos();
		WriteBehindCache.Entry entry = this.writeBehindCache.get(UserService.USERS, id);
		while (entry != null && entry.pinned() && System.nanoTime() < deadline) {
			Thread.sleep(50);
			entry = this.writeBehindCache.get(UserService.USERS, id);
		}
		return entry;
	}

	/**
	 * Polls {@code GET /api/users/{id}?consistency=db} until MongoDB holds at least {@code version}.
	 * @return the user as MongoDB has it, asserted to be exactly that version
	 */
	private JsonNode awaitDatabaseVersion(String id, long version) throws InterruptedException {
		long deadline = System.nanoTime() + PERSIST_TIMEOUT.toNanos();
		while (true) {
			HttpResponse<String> response = this.api.get("/api/users/" + id + "?consistency=db");
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.headers().firstValue("X-Cache")).hasValue("BYPASS");
			JsonNode user = ApiClient.json(response);
			long stored = user.get("version").asLong();
			if (stored >= version || System.nanoTime() > deadline) {
				assertThat(stored).as("version of user %s in MongoDB %s after the PUT", id, PERSIST_TIMEOUT)
					.isEqualTo(version);
				return user;
			}
			Thread.sleep(50);
		}
	}

}
