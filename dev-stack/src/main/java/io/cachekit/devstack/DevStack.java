package io.cachekit.devstack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cachekit.test.DevServiceException;
import io.cachekit.test.DevServices;
import io.cachekit.test.FreePorts;

/**
 * Starts the local stack: Redis, Kafka and MongoDB (from the environment, else embedded on 127.0.0.1 at
 * the documented ports), then the demo app and the worker. Ctrl-C stops the applications, then the
 * servers, leaving no process or port behind.
 */
public final class DevStack {

	/** The bcrypt hash of {@code admin-local-only}, the local stack's documented admin password. */
	private static final String LOCAL_ADMIN_PASSWORD_HASH = "{bcrypt}$2a$10$cfKhh4tHkKFuq7Jgj3vk.utOgTuIh5wI2URHRSs8iB.jM9yXVBj62";


	private static final Logger logger = LoggerFactory.getLogger(DevStack.class);

	private final DevStackSettings settings;

	private final DevServices servers;

	private final List<ChildApplication> applications = new ArrayList<>();

	private volatile boolean stopping;

	DevStack(DevStackSettings settings) {
		this.settings = settings;
		this.servers = new DevServices(settings.serverPorts(), DevStack::setting);
	}

	public static void main(String[] args) {
		DevStack stack;
		try {
			stack = new DevStack(DevStackSettings.fromSystem());
			Runtime.getRuntime().addShutdownHook(new Thread(stack::stop, "dev-stack-shutdown"));
			stack.start();
		}
		catch (DevServiceException ex) {
			logger.error("{}", ex.getMessage());
			System.exit(1);
			return;
		}
		stack.awaitApplications();
	}

	void start() {
		requireFree("CACHEKIT_DEMO_PORT", this.settings.demoPort());
		requireFree("CACHEKIT_WORKER_PORT", this.settings.workerPort());
		if (DevServices.systemSetting(DevServices.REDIS_URL) == null) {
			requireFree("CACHEKIT_REDIS_PORT", this.settings.redisPort());
		}
		if (DevServices.systemSetting(DevServices.KAFKA_BOOTSTRAP_SERVERS) == null) {
			requireFree("CACHEKIT_KAFKA_PORT", this.settings.kafkaPort());
		}
		if (DevServices.systemSetting(DevServices.MONGODB_URI) == null) {
			requireFree("CACHEKIT_MONGODB_PORT", this.settings.mongoPort());
		}
		long started = System.nanoTime();
		CompletableFuture<String> kafka = CompletableFuture.supplyAsync(this.servers::kafkaBootstrapServers);
		String redis = this.servers.redis().url();
		String mongo = this.servers.mongoUri();
		Map<String, String> environment = Map.of("REDIS_URL", redis, "KAFKA_BOOTSTRAP_SERVERS", kafka.join(),
				"MONGODB_URI", withDatabase(mongo, "cachekit"));
		logger.info("Servers ready in {} ms: Redis {}, Kafka {}, MongoDB {}",
				Duration.ofNanos(System.nanoTime() - started).toMillis(), redis, environment.get("KAFKA_BOOTSTRAP_SERVERS"),
				environment.get("MONGODB_URI"));
		this.applications.add(ChildApplication.start("worker",
				this.settings.jar("worker", "cachekit-worker-exec.jar"),
				merge(merge(environment, "WORKER_PORT", String.valueOf(this.settings.workerPort())),
						"CACHEKIT_NAMESPACE", "shop"),
				System.out, this.settings.aot()));
		this.applications.add(ChildApplication.start("demo", this.settings.jar("demo-app", "cachekit-demo-app.jar"),
				localAdmin(merge(environment, "PORT", String.valueOf(this.settings.demoPort()))), System.out,
				this.settings.aot()));
		awaitHealthy(started);
	}

	private void awaitHealthy(long started) {
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
		List<URI> healths = List.of(
				URI.create("http://127.0.0.1:" + this.settings.demoPort() + "/actuator/health"),
				URI.create("http://127.0.0.1:" + this.settings.workerPort() + "/actuator/health"));
		long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
		while (System.nanoTime() < deadline && this.applications.stream().allMatch(ChildApplication::isAlive)) {
			try {
				if (allUp(client, healths)) {
					logger.info("cachekit dev stack is UP in {} s: demo http://127.0.0.1:{}/ , worker http://127.0.0.1:{}/actuator/health . Ctrl-C stops everything.",
							Duration.ofNanos(System.nanoTime() - started).toSeconds(), this.settings.demoPort(),
							this.settings.workerPort());
					return;
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			sleep(500);
		}
		logger.warn("The demo app and the worker did not both report UP at {} yet; see their output above", healths);
	}

	private static boolean allUp(HttpClient client, List<URI> healths) throws InterruptedException {
		for (URI health : healths) {
			try {
				if (client.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString())
					.statusCode() != 200) {
					return false;
				}
			}
			catch (java.io.IOException ex) {
				// not listening yet
				return false;
			}
		}
		return true;
	}

	void awaitApplications() {
		CompletableFuture<?>[] exits = this.applications.stream()
			.map((application) -> application.process().onExit().thenApply((process) -> application))
			.toArray(CompletableFuture[]::new);
		ChildApplication exited = (ChildApplication) CompletableFuture.anyOf(exits).join();
		if (!this.stopping) {
			logger.error("{} exited with status {}; stopping the stack", exited.name(), exited.process().exitValue());
			System.exit(1);
		}
	}

	synchronized void stop() {
		this.stopping = true;
		for (int i = this.applications.size() - 1; i >= 0; i--) {
			this.applications.get(i).stop();
		}
		this.applications.clear();
		this.servers.close();
		logger.info("cachekit dev stack stopped");
	}

	/**
	 * Settings for the servers: the environment first, and embedded servers unless
	 * {@code CACHEKIT_DEV_SERVICES} asks for containers, so the documented ports hold.
	 */
	private static String setting(String name) {
		String value = DevServices.systemSetting(name);
		return (value == null && DevServices.MODE.equals(name)) ? "embedded" : value;
	}

	private static void requireFree(String setting, int port) {
		if (!FreePorts.isFree(port)) {
			throw new DevServiceException("Port " + port + " on 127.0.0.1 is in use. Stop what holds it, or set "
					+ setting + " to another port");
		}
	}

	private static String withDatabase(String mongoUri, String database) {
		String afterScheme = mongoUri.substring(mongoUri.indexOf("://") + 3);
		return afterScheme.contains("/") ? mongoUri : mongoUri + "/" + database;
	}

	/**
	 * The demo's admin on the local stack only (admin / admin-local-only, bound to 127.0.0.1): the demo itself
	 * ships no admin, so nothing but this launcher knows a management password. An admin already set in the
	 * environment wins.
	 */
	private static Map<String, String> localAdmin(Map<String, String> environment) {
		if (System.getenv("DEMO_AUTH_USERS_ADMIN_PASSWORD") != null) {
			return environment;
		}
		Map<String, String> withAdmin = merge(environment, "DEMO_AUTH_USERS_ADMIN_PASSWORD", LOCAL_ADMIN_PASSWORD_HASH);
		return merge(merge(withAdmin, "DEMO_AUTH_USERS_ADMIN_ROLES", "ADMIN"), "DEMO_AUTH_USERS_ADMIN_DISPLAYNAME",
				"Local Admin");
	}

	private static Map<String, String> merge(Map<String, String> environment, String key, String value) {
		Map<String, String> merged = new java.util.HashMap<>(environment);
		merged.put(key, value);
		return merged;
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
