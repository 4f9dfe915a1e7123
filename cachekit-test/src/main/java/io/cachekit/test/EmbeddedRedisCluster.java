package io.cachekit.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real Redis Cluster for tests: three masters without replicas, each a {@code redis-server} process
 * bound to 127.0.0.1 on a free port whose cluster bus port (port + 10000) is free too, with its
 * {@code nodes.conf} in a temporary directory. The 16384 slots are split evenly with
 * {@code CLUSTER ADDSLOTS} and the nodes joined with {@code CLUSTER MEET}; {@link #start()} returns once
 * every node reports {@code cluster_state:ok}. {@link #close()} stops the processes and deletes the
 * directories.
 */
public final class EmbeddedRedisCluster implements AutoCloseable {

	/** How many masters the cluster has. */
	public static final int MASTERS = 3;

	private static final int SLOTS = 16384;

	private static final int BUS_PORT_OFFSET = 10000;

	private static final int ATTEMPTS = 10;

	private static final int COMMAND_TIMEOUT_MILLIS = 2000;

	private static final Duration FORMATION_TIMEOUT = Duration.ofSeconds(30);

	private final Path workDir;

	private final List<EmbeddedRedisServer> nodes = new ArrayList<>();

	private final Thread shutdownHook = new Thread(this::stopAll, "cachekit-redis-cluster-shutdown");

	private EmbeddedRedisCluster(Path workDir) {
		this.workDir = workDir;
	}

	/**
	 * Starts the nodes, assigns the slots and waits until the cluster is formed.
	 * @return the running cluster
	 * @throws DevServiceException if the cluster cannot be started or does not form in time
	 */
	public static EmbeddedRedisCluster start() {
		Path workDir;
		try {
			workDir = TempDirectories.create("cachekit-redis-cluster");
		}
		catch (IOException ex) {
			throw new DevServiceException("Could not create a work directory for the Redis cluster", ex);
		}
		EmbeddedRedisCluster cluster = new EmbeddedRedisCluster(workDir);
		Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
		try {
			for (int i = 0; i < MASTERS; i++) {
				cluster.nodes.add(startNode(workDir));
			}
			cluster.form();
			return cluster;
		}
		catch (RuntimeException ex) {
			cluster.close();
			throw ex;
		}
	}

	private static EmbeddedRedisServer startNode(Path workDir) {
		DevServiceException last = null;
		for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
			int port = portWithFreeBusPort();
			try {
				return EmbeddedRedisServer.start(port, nodeDir(workDir), List.of("--cluster-enabled", "yes",
						"--cluster-config-file", "nodes.conf", "--cluster-announce-ip", "127.0.0.1",
						"--cluster-node-timeout", "5000"));
			}
			catch (DevServiceException ex) {
				// another process took the port or its bus port in between
				last = ex;
			}
		}
		throw new DevServiceException("Could not start a Redis cluster node after " + ATTEMPTS + " attempts", last);
	}

	/** A fresh directory per attempt, so that no attempt sees another's {@code nodes.conf}. */
	private static Path nodeDir(Path workDir) {
		try {
			return Files.createTempDirectory(workDir, "node-");
		}
		catch (IOException ex) {
			throw new DevServiceException("Could not create a work directory for a Redis cluster node", ex);
		}
	}

	private static int portWithFreeBusPort() {
		for (int attempt = 0; attempt < 100; attempt++) {
			int port = FreePorts.find();
			if (port + BUS_PORT_OFFSET <= 65535 && FreePorts.isFree(port + BUS_PORT_OFFSET)) {
				return port;
			}
		}
		throw new DevServiceException("No free port on 127.0.0.1 whose cluster bus port (port + "
				+ BUS_PORT_OFFSET + ") is free too");
	}

	/**
	 * Gives each node a distinct config epoch and a third of the slots, introduces the nodes to the first
	 * and waits until every node sees every slot served.
	 */
	private void form() {
		for (int i = 0; i < MASTERS; i++) {
			int port = this.nodes.get(i).port();
			command(port, "CLUSTER", "SET-CONFIG-EPOCH", String.valueOf(i + 1));
			List<String> addSlots = new ArrayList<>(List.of("CLUSTER", "ADDSLOTS"));
			for (int slot = i * SLOTS / MASTERS; slot < (i + 1) * SLOTS / MASTERS; slot++) {
				addSlots.add(String.valueOf(slot));
			}
			command(port, addSlots.toArray(String[]::new));
		}
		for (int i = 1; i < MASTERS; i++) {
			command(this.nodes.get(0).port(), "CLUSTER", "MEET", "127.0.0.1", String.valueOf(this.nodes.get(i).port()));
		}
		long deadline = System.nanoTime() + FORMATION_TIMEOUT.toNanos();
		while (!formed()) {
			if (System.nanoTime() > deadline) {
				throw new DevServiceException("The Redis cluster on ports " + ports() + " did not reach "
						+ "cluster_state:ok within " + FORMATION_TIMEOUT.toSeconds() + " s");
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new DevServiceException("Interrupted while forming the Redis cluster", ex);
			}
		}
	}

	private boolean formed() {
		for (EmbeddedRedisServer node : this.nodes) {
			String info = command(node.port(), "CLUSTER", "INFO");
			if (!info.contains("cluster_state:ok\r\n") || !info.contains("cluster_known_nodes:" + MASTERS + "\r\n")
					|| !info.contains("cluster_slots_ok:" + SLOTS + "\r\n")) {
				return false;
			}
		}
		return true;
	}

	private static String command(int port, String... arguments) {
		try {
			return RedisProtocol.command(port, COMMAND_TIMEOUT_MILLIS, arguments);
		}
		catch (IOException ex) {
			throw new DevServiceException(
					"Redis cluster node on port " + port + " failed " + arguments[0] + " " + arguments[1], ex);
		}
	}

	/**
	 * The masters' ports, in slot order: the first serves the lowest slots.
	 * @return the ports
	 */
	public List<Integer> ports() {
		return this.nodes.stream().map(EmbeddedRedisServer::port).toList();
	}

	/**
	 * The masters' addresses for a cluster client, e.g. {@code redis://127.0.0.1:30001}.
	 * @return the addresses
	 */
	public List<String> nodeAddresses() {
		return this.nodes.stream().map(EmbeddedRedisServer::url).toList();
	}

	/** Stops every node and deletes the nodes' directories. */
	@Override
	public void close() {
		try {
			Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
		}
		catch (IllegalStateException ex) {
			// the JVM is shutting down and the hook runs anyway
		}
		stopAll();
	}

	private synchronized void stopAll() {
		this.nodes.forEach(EmbeddedRedisServer::stop);
		TempDirectories.delete(this.workDir);
	}

}
