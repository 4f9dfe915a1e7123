package io.cachekit.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Redis with automatic failover for tests: a master, one replica and three sentinels (the same
 * {@code redis-server} binary started with {@code --sentinel}, quorum 2, as production runs them), all bound to
 * 127.0.0.1 on free ports. The sentinel declares the master down after {@link #DOWN_AFTER} without an answer and promotes the
 * replica. {@link #failOverToLaggingReplica(Runnable)} makes the replica miss writes first, as a replica that
 * lagged does, so that the new master lacks the last writes of the old one.
 */
public final class EmbeddedRedisSentinel implements AutoCloseable {

	/** The name of the monitored master, for {@code spring.data.redis.sentinel.master}. */
	public static final String MASTER_NAME = "cachekit";

	/** How long the master may be silent before the sentinel starts a failover. */
	public static final Duration DOWN_AFTER = Duration.ofMillis(1000);

	private static final Duration FAILOVER_TIMEOUT = Duration.ofSeconds(30);

	private final Path workDir;

	private final EmbeddedRedisServer master;

	private final EmbeddedRedisServer replica;

	private static final int SENTINELS = 3;

	private final List<EmbeddedRedisServer> sentinels;

	private final Thread shutdownHook = new Thread(this::stopAll, "cachekit-redis-sentinel-shutdown");

	private EmbeddedRedisSentinel(Path workDir, EmbeddedRedisServer master, EmbeddedRedisServer replica,
			List<EmbeddedRedisServer> sentinels) {
		this.workDir = workDir;
		this.master = master;
		this.replica = replica;
		this.sentinels = sentinels;
	}

	/**
	 * Starts the master, the replica and the sentinel, and waits until the replica is in sync and the
	 * sentinel sees both.
	 * @return the running servers
	 */
	public static EmbeddedRedisSentinel start() {
		Path workDir;
		try {
			workDir = TempDirectories.create("cachekit-redis-sentinel");
		}
		catch (IOException ex) {
			throw new DevServiceException("Could not create a work directory for Redis Sentinel", ex);
		}
		EmbeddedRedisServer master = null;
		EmbeddedRedisServer replica = null;
		List<EmbeddedRedisServer> sentinels = new ArrayList<>();
		try {
			master = EmbeddedRedisServer.start(FreePorts.find(), directory(workDir, "master"), List.of());
			replica = EmbeddedRedisServer.start(FreePorts.find(), directory(workDir, "replica"),
					List.of("--replicaof", "127.0.0.1", String.valueOf(master.port())));
			for (int i = 0; i < SENTINELS; i++) {
				Path sentinelDir = directory(workDir, "sentinel-" + i);
				Path config = sentinelDir.resolve("sentinel.conf");
				Files.writeString(config, String.join("\n",
						"sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + master.port() + " 2",
						"sentinel down-after-milliseconds " + MASTER_NAME + " " + DOWN_AFTER.toMillis(),
						"sentinel failover-timeout " + MASTER_NAME + " 10000",
						"sentinel parallel-syncs " + MASTER_NAME + " 1", ""));
				sentinels.add(EmbeddedRedisServer.start(FreePorts.find(), sentinelDir, config, List.of("--sentinel")));
			}
			EmbeddedRedisSentinel servers = new EmbeddedRedisSentinel(workDir, master, replica, sentinels);
			Runtime.getRuntime().addShutdownHook(servers.shutdownHook);
			servers.awaitReplicaInSync();
			servers.awaitSentinelSeesReplica();
			return servers;
		}
		catch (IOException | RuntimeException ex) {
			sentinels.forEach(EmbeddedRedisServer::stop);
			if (replica != null) {
				replica.stop();
			}
			if (master != null) {
				master.stop();
			}
			TempDirectories.delete(workDir);
			throw (ex instanceof RuntimeException runtime) ? runtime
					: new DevServiceException("Could not start Redis Sentinel", ex);
		}
	}

	private static Path directory(Path workDir, String name) throws IOException {
		return Files.createDirectories(workDir.resolve(name));
	}

	/**
	 * The sentinels' addresses, for {@code spring.data.redis.sentinel.nodes}.
	 * @return {@code 127.0.0.1:<port>,...}
	 */
	public String sentinelNodes() {
		return String.join(",", this.sentinels.stream().map((sentinel) -> "127.0.0.1:" + sentinel.port()).toList());
	}

	/**
	 * The master at start.
	 * @return the server
	 */
	public EmbeddedRedisServer master() {
		return this.master;
	}

	/**
	 * The replica at start.
	 * @return the server
	 */
	public EmbeddedRedisServer replica() {
		return this.replica;
	}

	/**
	 * The port of the master as the sentinel currently names it.
	 * @return the port
	 */
	public int currentMasterPort() {
		String[] hostAndPort = this.sentinels.get(0).command("SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER_NAME).split("\n");
		return Integer.parseInt(hostAndPort[1].strip());
	}

	/**
	 * Fails the master over to a replica that lagged: the replica is frozen, the given writes go to the
	 * master only, the master is killed, the replica resumes and the sentinel promotes it. Returns once the
	 * sentinel names the replica as master and it accepts writes.
	 * @param writesTheReplicaMisses writes made while the replica is frozen; the new master will not have them
	 */
	public void failOverToLaggingReplica(Runnable writesTheReplicaMisses) {
		this.replica.freeze();
		try {
			writesTheReplicaMisses.run();
		}
		finally {
			this.master.kill();
			this.replica.thaw();
		}
		long deadline = System.nanoTime() + FAILOVER_TIMEOUT.toNanos();
		while (currentMasterPort() != this.replica.port() || !isWritable(this.replica)) {
			if (System.nanoTime() > deadline) {
				throw new DevServiceException("The sentinel did not promote the replica within " + FAILOVER_TIMEOUT);
			}
			sleep(100);
		}
	}

	private static boolean isWritable(EmbeddedRedisServer server) {
		try {
			return server.command("INFO", "replication").contains("role:master");
		}
		catch (DevServiceException ex) {
			return false;
		}
	}

	private void awaitReplicaInSync() {
		long deadline = System.nanoTime() + FAILOVER_TIMEOUT.toNanos();
		while (!this.replica.command("INFO", "replication").contains("master_link_status:up")) {
			if (System.nanoTime() > deadline) {
				throw new DevServiceException("The replica did not sync with the master");
			}
			sleep(50);
		}
	}

	private void awaitSentinelSeesReplica() {
		long deadline = System.nanoTime() + FAILOVER_TIMEOUT.toNanos();
		while (!this.sentinels.stream()
			.allMatch((sentinel) -> sentinel.command("INFO", "sentinel").contains("slaves=1,sentinels=" + SENTINELS))) {
			if (System.nanoTime() > deadline) {
				throw new DevServiceException("The sentinels did not discover the replica and each other");
			}
			sleep(100);
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new DevServiceException("Interrupted", ex);
		}
	}

	private void stopAll() {
		this.sentinels.forEach(EmbeddedRedisServer::stop);
		this.replica.stop();
		this.master.stop();
	}

	@Override
	public void close() {
		stopAll();
		try {
			Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
		}
		catch (IllegalStateException ex) {
			// the JVM is shutting down
		}
		TempDirectories.delete(this.workDir);
	}

}
