package io.cachekit.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.net.SocketFactory;

/**
 * A real {@code redis-server} process bound to 127.0.0.1, without persistence. It can be stopped and
 * started again on the same port, which lets tests take Redis away from a running application.
 */
public final class EmbeddedRedisServer implements AutoCloseable {

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(15);

	private static final int ATTEMPTS = 5;

	private final Path executable;

	private final Path workDir;

	private final List<String> arguments;

	private int port;

	private Process process;

	private boolean ownsWorkDir;

	private Path configFile;

	private String adminPassword;

	private RedisTls tls;

	private EmbeddedRedisServer(Path executable, Path workDir, List<String> arguments) {
		this.executable = executable;
		this.workDir = workDir;
		this.arguments = List.copyOf(arguments);
	}

	/**
	 * Starts a server on the given port, or on a free port if {@code port} is 0.
	 * @param port the port, or 0 for any free port
	 * @return the running server
	 */
	public static EmbeddedRedisServer start(int port) {
		try {
			EmbeddedRedisServer server = new EmbeddedRedisServer(RedisExecutable.locate(),
					TempDirectories.create("cachekit-redis-data"), List.of());
			server.ownsWorkDir = true;
			server.startOnFirstFreePort(port);
			return server;
		}
		catch (IOException ex) {
			throw new DevServiceException("Could not create a work directory for redis-server", ex);
		}
	}

	/** The ACL user this class's own commands use on a server with ACL users ({@link #startWithUsers}). */
	public static final String ADMIN_USER = "cachekit-test-admin";

	/**
	 * Starts a server on a free port whose default user is off: only the given ACL users, and an admin
	 * ({@link #ADMIN_USER}) that {@link #command} and the readiness check use, may log in.
	 * @param users ACL rules of each user, e.g. {@code app on >secret ~app:* &app:* +@all -@dangerous}
	 * @return the running server
	 */
	public static EmbeddedRedisServer startWithUsers(String... users) {
		EmbeddedRedisServer server = withUsers(users);
		server.startOnFirstFreePort(0);
		return server;
	}

	private static EmbeddedRedisServer withUsers(String... users) {
		String adminPassword = "admin-" + UUID.randomUUID();
		List<String> rules = new ArrayList<>(List.of("default off", ADMIN_USER + " on >" + adminPassword + " ~* &* +@all"));
		rules.addAll(List.of(users));
		List<String> arguments = new ArrayList<>();
		for (String rule : rules) {
			// redis-server joins the words after --user into one configuration line
			arguments.add("--user");
			arguments.addAll(List.of(rule.trim().split("\\s+")));
		}
		try {
			EmbeddedRedisServer server = new EmbeddedRedisServer(RedisExecutable.locate(),
					TempDirectories.create("cachekit-redis-data"), arguments);
			server.ownsWorkDir = true;
			server.adminPassword = adminPassword;
			return server;
		}
		catch (IOException ex) {
			throw new DevServiceException("Could not create a work directory for redis-server", ex);
		}
	}

	/**
	 * Starts a server that speaks TLS only (no plain port) on a free port, with the given certificates and, as in
	 * {@link #startWithUsers}, only ACL users. Needs a {@code redis-server} built with TLS (the 6.2 binary in the
	 * embedded-redis jar and Debian's 7.0 are).
	 * @param tls the certificates
	 * @param users ACL rules of each user
	 * @return the running server, at {@code rediss://127.0.0.1:<port>}
	 * @throws DevServiceException if the binary cannot speak TLS or the server does not start
	 */
	public static EmbeddedRedisServer startTlsWithUsers(RedisTls tls, String... users) {
		EmbeddedRedisServer server = withUsers(users);
		server.tls = tls;
		server.startOnFirstFreePort(0);
		return server;
	}

	/**
	 * Starts a server once on the given port, in the given directory, with extra configuration.
	 * @param port the port
	 * @param workDir the working directory, which the caller owns
	 * @param arguments further {@code redis-server} arguments, e.g. {@code --cluster-enabled yes}
	 * @return the running server
	 * @throws DevServiceException if the server does not start, e.g. because a port is taken
	 */
	static EmbeddedRedisServer start(int port, Path workDir, List<String> arguments) {
		EmbeddedRedisServer server = new EmbeddedRedisServer(RedisExecutable.locate(), workDir, arguments);
		server.port = port;
		server.launch();
		return server;
	}

	/**
	 * Starts a server once on the given port with a configuration file (which must come first on the command
	 * line, e.g. for a sentinel) and extra arguments.
	 * @param port the port
	 * @param workDir the working directory, which the caller owns
	 * @param configFile the configuration file, which the server may rewrite
	 * @param arguments further arguments, e.g. {@code --sentinel}
	 * @return the running server
	 */
	static EmbeddedRedisServer start(int port, Path workDir, Path configFile, List<String> arguments) {
		EmbeddedRedisServer server = new EmbeddedRedisServer(RedisExecutable.locate(), workDir, arguments);
		server.port = port;
		server.configFile = configFile;
		server.launch();
		return server;
	}

	private void startOnFirstFreePort(int requestedPort) {
		DevServiceException last = null;
		for (int attempt = 0; attempt < (requestedPort == 0 ? ATTEMPTS : 1); attempt++) {
			this.port = (requestedPort == 0) ? FreePorts.find() : requestedPort;
			try {
				launch();
				return;
			}
			catch (DevServiceException ex) {
				last = ex;
			}
		}
		throw last;
	}

	/** Starts the server again on the port it had, after {@link #stop()}. */
	public synchronized void start() {
		if (this.process == null || !this.process.isAlive()) {
			launch();
		}
	}

	private synchronized void launch() {
		List<String> command = new ArrayList<>(List.of(this.executable.toString()));
		if (this.configFile != null) {
			command.add(this.configFile.toString());
		}
		if (this.tls != null) {
			command.addAll(List.of("--tls-port", String.valueOf(this.port), "--tls-cert-file",
					this.tls.certificate().toString(), "--tls-key-file", this.tls.key().toString(), "--tls-ca-cert-file",
					this.tls.caCertificate().toString(), "--tls-auth-clients", "no"));
		}
		command.addAll(List.of("--port", String.valueOf((this.tls != null) ? 0 : this.port),
				"--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no", "--dir",
				this.workDir.toString(), "--loglevel", "warning"));
		command.addAll(this.arguments);
		try {
			this.process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(this.workDir.resolve("redis.log").toFile())
				.start();
		}
		catch (IOException ex) {
			throw new DevServiceException("Could not start " + this.executable, ex);
		}
		long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new DevServiceException("redis-server exited on port " + this.port + ": " + log());
			}
			if (answers()) {
				return;
			}
			sleep(20);
		}
		this.process.destroyForcibly();
		throw new DevServiceException("redis-server did not answer on port " + this.port + " within "
				+ STARTUP_TIMEOUT.toSeconds() + " s");
	}

	/**
	 * Whether this server answers, and not another process that took the port first: the answering
	 * server must report this process's id.
	 */
	private boolean answers() {
		try {
			String info = send(500, "INFO", "server");
			return info != null && info.contains("process_id:" + this.process.pid() + "\r\n");
		}
		catch (IOException ex) {
			return false;
		}
	}

	/** Stops the server (SIGTERM, then SIGKILL); {@link #start()} brings it back on the same port. */
	public synchronized void stop() {
		if (this.process != null) {
			if (this.process.isAlive()) {
				try {
					new ProcessBuilder("kill", "-CONT", String.valueOf(this.process.pid())).start().waitFor();
				}
				catch (IOException ex) {
					// SIGKILL below ends it anyway
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			this.process.destroy();
			try {
				if (!this.process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
					this.process.destroyForcibly().waitFor();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				this.process.destroyForcibly();
			}
		}
	}

	/**
	 * Freezes the server process with {@code SIGSTOP}, the way a fork, a long command or a paused VM hangs
	 * Redis: its connections stay open and nothing answers, so clients see timeouts, not refusals. Returns
	 * once a command sent to it goes unanswered, which proves the freeze landed.
	 * @throws DevServiceException if the server still answers
	 */
	public synchronized void freeze() {
		signal("-STOP");
		if (answersWithin(300)) {
			throw new DevServiceException("redis-server on port " + this.port + " still answers after SIGSTOP");
		}
	}

	/**
	 * Resumes a {@link #freeze() frozen} server with {@code SIGCONT} and waits until it answers again.
	 */
	public synchronized void thaw() {
		signal("-CONT");
		long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
		while (!answersWithin(500)) {
			if (System.nanoTime() > deadline) {
				throw new DevServiceException("redis-server on port " + this.port + " does not answer after SIGCONT");
			}
		}
	}

	/**
	 * Whether the server answers {@code PING} within a time.
	 * @param timeoutMillis the longest wait
	 * @return {@code true} if it answered
	 */
	public boolean answersWithin(int timeoutMillis) {
		try {
			return "PONG".equals(send(timeoutMillis, "PING"));
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * Runs a command on the server over a fresh connection, outside any client, e.g. {@code FLUSHALL}.
	 * @param arguments the command and its arguments
	 * @return the reply as text, {@code null} for a null reply
	 */
	public String command(String... arguments) {
		try {
			return send(5000, arguments);
		}
		catch (IOException ex) {
			throw new DevServiceException("Command " + arguments[0] + " failed on port " + this.port + ": "
					+ ex.getMessage(), ex);
		}
	}

	/** A command as this class's own user: the admin on a server with ACL users, else the default user. */
	private String send(int timeoutMillis, String... arguments) throws IOException {
		return (this.adminPassword != null)
				? RedisProtocol.commandAs(sockets(), this.port, timeoutMillis, ADMIN_USER, this.adminPassword, arguments)
				: RedisProtocol.command(sockets(), this.port, timeoutMillis, arguments);
	}

	/**
	 * Runs a command as an ACL user over a fresh connection, e.g. on a server whose default user is off.
	 * @param user the ACL user
	 * @param password its password
	 * @param arguments the command and its arguments
	 * @return the reply as text, {@code null} for a null reply
	 */
	public String commandAs(String user, String password, String... arguments) {
		try {
			return RedisProtocol.commandAs(sockets(), this.port, 5000, user, password, arguments);
		}
		catch (IOException ex) {
			throw new DevServiceException("Command " + arguments[0] + " as " + user + " failed on port " + this.port
					+ ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * The process id of the server.
	 * @return the pid
	 */
	public synchronized long pid() {
		if (this.process == null) {
			throw new DevServiceException("redis-server on port " + this.port + " is not running");
		}
		return this.process.pid();
	}

	private void signal(String signal) {
		try {
			Process kill = new ProcessBuilder("kill", signal, String.valueOf(pid())).redirectErrorStream(true).start();
			if (!kill.waitFor(5, java.util.concurrent.TimeUnit.SECONDS) || kill.exitValue() != 0) {
				throw new DevServiceException("kill " + signal + " " + pid() + " failed");
			}
		}
		catch (IOException ex) {
			throw new DevServiceException("Could not send " + signal + " to redis-server", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new DevServiceException("Interrupted while sending " + signal + " to redis-server", ex);
		}
	}

	/**
	 * Kills the server with {@code SIGKILL}, as a crash would: no shutdown, no final replication.
	 * {@link #start()} brings it back on the same port, empty.
	 */
	public synchronized void kill() {
		if (this.process != null) {
			this.process.destroyForcibly();
			try {
				this.process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/** Whether the server process is running. */
	public synchronized boolean isRunning() {
		return this.process != null && this.process.isAlive();
	}

	public int port() {
		return this.port;
	}

	public String host() {
		return "127.0.0.1";
	}

	private SocketFactory sockets() {
		return (this.tls != null) ? this.tls.socketFactory() : SocketFactory.getDefault();
	}

	/** The server's URL, e.g. {@code redis://127.0.0.1:6379}, or {@code rediss://…} when it speaks TLS. */
	public String url() {
		return ((this.tls != null) ? "rediss" : "redis") + "://127.0.0.1:" + this.port;
	}

	/** Stops the server and deletes its work directory if it created it. */
	@Override
	public void close() {
		stop();
		if (this.ownsWorkDir) {
			TempDirectories.delete(this.workDir);
		}
	}

	private String log() {
		try {
			return Files.readString(this.workDir.resolve("redis.log")).strip();
		}
		catch (IOException ex) {
			return "(no log)";
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new DevServiceException("Interrupted while starting redis-server", ex);
		}
	}

}
