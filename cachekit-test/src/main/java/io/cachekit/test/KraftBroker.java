package io.cachekit.test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka broker in this JVM, in KRaft combined mode (broker and controller in one node),
 * bound to 127.0.0.1. Storage lives in a temporary directory deleted on {@link #close()}.
 * <p>
 * {@link #stop()} and {@link #restart()} simulate an outage: the broker comes back on the same port with
 * its topics and records.
 */
public final class KraftBroker implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(KraftBroker.class);

	static {
		// Kafka exits or halts the process on fatal broker errors (e.g. a log directory gone while it shuts down at
		// JVM exit); an embedded broker must never end the JVM it shares with the tests or the launcher
		Exit.setExitProcedure((status, message) -> logger.warn("Embedded Kafka broker asked to exit ({}): {}",
				status, message));
		Exit.setHaltProcedure((status, message) -> logger.warn("Embedded Kafka broker asked to halt ({}): {}",
				status, message));
	}

	private static final int ATTEMPTS = 5;

	private final Properties config;

	private final Path logDir;

	private final int port;

	private KafkaRaftServer server;

	private KraftBroker(KafkaRaftServer server, Properties config, Path logDir, int port) {
		this.server = server;
		this.config = config;
		this.logDir = logDir;
		this.port = port;
	}

	/**
	 * Starts a broker on the given port, or on a free port if {@code port} is 0.
	 * @param port the client port, or 0 for any free port
	 * @return the running broker
	 */
	public static KraftBroker start(int port) {
		RuntimeException last = null;
		for (int attempt = 0; attempt < (port == 0 ? ATTEMPTS : 1); attempt++) {
			try {
				return startOnce((port == 0) ? FreePorts.find() : port, FreePorts.find());
			}
			catch (RuntimeException ex) {
				last = ex;
			}
		}
		throw new DevServiceException("Could not start an embedded Kafka broker on port " + port, last);
	}

	private static KraftBroker startOnce(int port, int controllerPort) {
		Path logDir = createTempDir();
		Properties config = brokerConfig(port, controllerPort, logDir);
		format(config, logDir);
		KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(config), Time.SYSTEM);
		try {
			server.startup();
			KraftBroker broker = new KraftBroker(server, config, logDir, port);
			TempDirectories.usedBy(logDir, broker);
			broker.awaitReady();
			return broker;
		}
		catch (RuntimeException ex) {
			server.shutdown();
			TempDirectories.delete(logDir);
			throw ex;
		}
	}

	private static Properties brokerConfig(int port, int controllerPort, Path logDir) {
		Properties config = new Properties();
		config.putAll(Map.ofEntries(Map.entry("process.roles", "broker,controller"), Map.entry("node.id", "1"),
				Map.entry("controller.quorum.voters", "1@127.0.0.1:" + controllerPort),
				Map.entry("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort),
				Map.entry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port),
				Map.entry("controller.listener.names", "CONTROLLER"),
				Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
				Map.entry("inter.broker.listener.name", "PLAINTEXT"), Map.entry("log.dirs", logDir.toString()),
				Map.entry("offsets.topic.replication.factor", "1"), Map.entry("offsets.topic.num.partitions", "4"),
				Map.entry("transaction.state.log.replication.factor", "1"),
				Map.entry("transaction.state.log.min.isr", "1"), Map.entry("transaction.state.log.num.partitions", "4"),
				Map.entry("share.coordinator.state.topic.replication.factor", "1"),
				Map.entry("share.coordinator.state.topic.min.isr", "1"),
				Map.entry("group.initial.rebalance.delay.ms", "0"), Map.entry("auto.create.topics.enable", "true"),
				Map.entry("num.partitions", "4"), Map.entry("log.cleaner.enable", "false")));
		return config;
	}

	private static void format(Properties config, Path logDir) {
		Path file = logDir.resolveSibling(logDir.getFileName() + ".properties");
		try (OutputStream out = Files.newOutputStream(file)) {
			config.store(out, "cachekit embedded broker");
		}
		catch (IOException ex) {
			throw new DevServiceException("Could not write the Kafka broker configuration", ex);
		}
		ByteArrayOutputStream output = new ByteArrayOutputStream();
		int exitCode = StorageTool.execute(new String[] { "format", "-t", Uuid.randomUuid().toString(), "-c",
				file.toString(), "--ignore-formatted" }, new PrintStream(output, true, StandardCharsets.UTF_8));
		file.toFile().delete();
		if (exitCode != 0) {
			throw new DevServiceException(
					"Formatting Kafka storage failed: " + output.toString(StandardCharsets.UTF_8).strip());
		}
	}

	private void awaitReady() {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
				AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
				15000))) {
			admin.describeCluster().nodes().get(30, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new DevServiceException("Embedded Kafka broker on port " + this.port + " did not become ready", ex);
		}
	}

	public int port() {
		return this.port;
	}

	/** The bootstrap servers, e.g. {@code 127.0.0.1:9092}. */
	public String bootstrapServers() {
		return "127.0.0.1:" + this.port;
	}

	/**
	 * Shuts the broker down, keeping its storage: an outage.
	 */
	public synchronized void stop() {
		if (this.server != null) {
			this.server.shutdown();
			this.server.awaitShutdown();
			this.server = null;
		}
	}

	/**
	 * Starts the broker again on the same ports with the storage it had when {@link #stop() stopped}.
	 */
	public synchronized void restart() {
		if (this.server == null) {
			KafkaRaftServer restarted = new KafkaRaftServer(KafkaConfig.fromProps(this.config), Time.SYSTEM);
			restarted.startup();
			this.server = restarted;
			awaitReady();
		}
	}

	@Override
	public synchronized void close() {
		stop();
		TempDirectories.delete(this.logDir);
	}

	private static Path createTempDir() {
		try {
			return TempDirectories.create("cachekit-kafka");
		}
		catch (IOException ex) {
			throw new DevServiceException("Could not create a Kafka log directory", ex);
		}
	}

}
