package io.cachekit.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;

import io.cachekit.demo.user.UserService;
import io.cachekit.test.ImportDevServices;
import io.cachekit.worker.WorkerApplication;
import io.cachekit.worker.consume.WriteBehindBatchListener;
import io.cachekit.writebehind.WriteBehindCache;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole write-behind path over HTTP: the demo on a random port and the real worker application in this
 * JVM, both on the dev-services Redis, Kafka and MongoDB. A {@code PUT /api/users/{id}} is acknowledged with a
 * version, the worker drains the topic into the {@code users} collection, and {@code ?consistency=db} (a direct
 * MongoDB read) shows that version within seconds.
 * <p>
 * The worker reads its own {@code application.yml} (not the demo's, which comes first on this classpath) and
 * gets only this run's names on top: the demo's database, write-behind topic and Redis key prefix, and a
 * consumer group of its own. It runs without a web server (as in the worker's own tests), so it takes no port
 * and, being a separate context, shares no bean with the demo.
 */
class UserWriteBehindWorkerIntegrationTests extends EndToEndTestSupport {

	private static final Duration PERSIST_TIMEOUT = Duration.ofSeconds(15);

	private static ConfigurableApplicationContext worker;

	@Autowired
	WriteBehindCache writeBehindCache;

	@BeforeAll
	static void startWorker() throws InterruptedException {
		worker = new SpringApplicationBuilder(WorkerApplication.class, WorkerDevServices.class)
			.web(WebApplicationType.NONE)
			.run("--spring.config.location=" + workerApplicationYaml(), "--spring.mongodb.database=" + DATABASE,
					"--cachekit.worker.topic=" + WRITE_BEHIND_TOPIC,
					"--cachekit.write-behind.key-prefix=" + WRITE_BEHIND_KEY_PREFIX,
					"--cachekit.worker.group-id=demo-e2e-" + RUN + "-worker", "--cachekit.worker.partitions=2",
					"--spring.jmx.enabled=false");
		MessageListenerContainer container = worker.getBean(KafkaListenerEndpointRegistry.class)
			.getListenerContainer(WriteBehindBatchListener.ID);
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (container.getAssignedPartitions() == null || container.getAssignedPartitions().isEmpty()) {
			assertThat(System.nanoTime()).as("worker assigned partitions of %s", WRITE_BEHIND_TOPIC)
				.isLessThan(deadline);
			Thread.sleep(50);
		}
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
		// The worker released the demo's entry (same Redis key prefix): it now expires like any cached value.
		WriteBehindCache.Entry entry = this.writeBehindCache.get(UserService.USERS, "61");
		assertThat(entry).isNotNull();
		assertThat(entry.version()).isEqualTo(version);
		assertThat(entry.pinned()).isFalse();
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
		HttpResponse<String> cached = this.api.get("/api/users/62");
		assertThat(cached.statusCode()).isEqualTo(200);
		assertThat(cached.headers().firstValue("X-Cache")).hasValue("HIT");
		assertThat(ApiClient.json(cached).get("name").asString()).isEqualTo("Alan Second");
		assertThat(ApiClient.json(cached).get("version").asLong()).isEqualTo(second);
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

	/**
	 * The worker's own {@code application.yml}, from the worker's jar (or classes directory): the demo's file
	 * of the same name hides it on this classpath.
	 */
	private static String workerApplicationYaml() {
		try {
			URL source = WorkerApplication.class.getProtectionDomain().getCodeSource().getLocation();
			for (URL candidate : Collections.list(WorkerApplication.class.getClassLoader()
				.getResources("application.yml"))) {
				String location = candidate.toString();
				if (location.startsWith("jar:" + source + "!/") || location.startsWith(source.toString())) {
					return location;
				}
			}
			throw new IllegalStateException("No application.yml in the worker's " + source);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The worker's connection details for the dev services; a source of the worker's context only (no
	 * stereotype, so the demo's component scan never picks it up).
	 */
	@ImportDevServices
	static class WorkerDevServices {

	}

}
