package io.cachekit.test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The one way tests of every module start the write-behind worker: in this JVM ({@link #start()}) or as a
 * child JVM ({@link #command}), always as in production: the applications' namespace, the starter's
 * auto-configuration off even when the starter is on the test's classpath, no JMX, no banner. The worker's
 * class is named, not referenced, so this module does not depend on the worker.
 */
public final class WorkerLauncher {

	/** The worker's main class. */
	public static final String APPLICATION = "io.cachekit.worker.WorkerApplication";

	private final Map<String, String> properties = new LinkedHashMap<>();

	private final List<Class<?>> sources = new ArrayList<>();

	private final List<ApplicationContextInitializer<?>> initializers = new ArrayList<>();

	private WebApplicationType web = WebApplicationType.NONE;

	private WorkerLauncher(String namespace) {
		property("cachekit.namespace", namespace);
		property("cachekit.enabled", "false");
		property("spring.jmx.enabled", "false");
		property("spring.main.banner-mode", "off");
	}

	/**
	 * A worker for the applications of a namespace.
	 * @param namespace their {@code cachekit.namespace}
	 * @return the launcher
	 */
	public static WorkerLauncher forNamespace(String namespace) {
		return new WorkerLauncher(namespace);
	}

	/**
	 * Points the worker at the JVM's shared dev services: Kafka, Redis and a MongoDB database.
	 * @param database the database the worker writes to
	 * @return this launcher
	 */
	public WorkerLauncher onDevServices(String database) {
		DevServices services = DevServices.shared();
		return onServers(services.kafkaBootstrapServers(), services.redis().url(),
				services.mongoUri() + "/" + database);
	}

	/**
	 * Points the worker at servers.
	 * @param kafka the bootstrap servers
	 * @param redisUrl e.g. {@code redis://127.0.0.1:6379}
	 * @param mongoUri the connection string, database included
	 * @return this launcher
	 */
	public WorkerLauncher onServers(String kafka, String redisUrl, String mongoUri) {
		property("spring.kafka.bootstrap-servers", kafka);
		property("spring.data.redis.url", redisUrl);
		return property("spring.mongodb.uri", mongoUri);
	}

	/**
	 * Sets a property; a later value of the same key wins.
	 * @param key the property
	 * @param value its value
	 * @return this launcher
	 */
	public WorkerLauncher property(String key, Object value) {
		this.properties.put(key, String.valueOf(value));
		return this;
	}

	/**
	 * Sets properties given as {@code key=value}.
	 * @param properties the properties
	 * @return this launcher
	 */
	public WorkerLauncher properties(String... properties) {
		for (String property : properties) {
			int equals = property.indexOf('=');
			property(property.substring(0, equals), property.substring(equals + 1));
		}
		return this;
	}

	/**
	 * Adds a configuration class to the worker's context, e.g. test observers.
	 * @param source the class
	 * @return this launcher
	 */
	public WorkerLauncher source(Class<?> source) {
		this.sources.add(source);
		return this;
	}

	/**
	 * Adds an initializer of the worker's context, e.g. to register test beans.
	 * @param initializer the initializer
	 * @return this launcher
	 */
	public WorkerLauncher initializer(ApplicationContextInitializer<?> initializer) {
		this.initializers.add(initializer);
		return this;
	}

	/**
	 * Serves the worker's Actuator over HTTP on a free port of 127.0.0.1.
	 * @return this launcher
	 */
	public WorkerLauncher web() {
		this.web = WebApplicationType.SERVLET;
		property("server.port", "0");
		return property("server.address", "127.0.0.1");
	}

	/**
	 * The properties as command-line arguments, which win over the worker's own {@code application.yml}.
	 * @return {@code --key=value} arguments
	 */
	public String[] arguments() {
		return this.properties.entrySet()
			.stream()
			.map((entry) -> "--" + entry.getKey() + "=" + entry.getValue())
			.toArray(String[]::new);
	}

	/**
	 * Starts the worker in this JVM.
	 * @return its running context; close it to stop the worker
	 */
	public ConfigurableApplicationContext start() {
		List<Class<?>> all = new ArrayList<>();
		all.add(workerClass());
		all.addAll(this.sources);
		return new SpringApplicationBuilder(all.toArray(Class<?>[]::new)).web(this.web)
			.initializers(this.initializers.toArray(ApplicationContextInitializer<?>[]::new))
			.run(arguments());
	}

	/**
	 * The command line of a worker in a child JVM on this JVM's class path.
	 * @param jvmOptions options such as {@code -Xmx384m}
	 * @return the command
	 */
	public List<String> command(String... jvmOptions) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(List.of(jvmOptions));
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), APPLICATION));
		command.addAll(List.of(arguments()));
		return command;
	}

	private static Class<?> workerClass() {
		try {
			return Class.forName(APPLICATION);
		}
		catch (ClassNotFoundException ex) {
			throw new IllegalStateException("The worker is not on the class path: add cachekit-worker", ex);
		}
	}

}
