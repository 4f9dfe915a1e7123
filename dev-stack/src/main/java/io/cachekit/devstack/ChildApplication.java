package io.cachekit.devstack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.cachekit.test.DevServiceException;

/**
 * A Spring Boot application run from its executable jar as a child process, its output prefixed with its
 * name. Stopping sends SIGTERM (Spring's graceful shutdown) and, if it lingers, SIGKILL.
 */
final class ChildApplication {

	private final String name;

	private final Process process;

	private ChildApplication(String name, Process process) {
		this.name = name;
		this.process = process;
	}

	static ChildApplication start(String name, Path jar, Map<String, String> environment, PrintStream out) {
		return start(name, jar, environment, out, false);
	}

	/**
	 * Starts an application.
	 * @param name its name, prefixed to its output
	 * @param jar its executable jar
	 * @param environment its environment variables
	 * @param out where its output goes
	 * @param aot whether it starts in Spring AOT mode ({@code -Dspring.aot.enabled=true})
	 * @return the running application
	 */
	static ChildApplication start(String name, Path jar, Map<String, String> environment, PrintStream out,
			boolean aot) {
		if (!Files.isRegularFile(jar)) {
			throw new DevServiceException(jar + " does not exist: build first with ./mvnw -q -DskipTests package");
		}
		String java = ProcessHandle.current().info().command().orElse("java");
		List<String> command = new java.util.ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1"));
		if (aot) {
			command.add("-Dspring.aot.enabled=true");
		}
		command.addAll(List.of("-jar", jar.toString()));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		builder.environment().putAll(environment);
		try {
			Process process = builder.start();
			Thread pump = new Thread(() -> pump(name, process, out), name + "-output");
			pump.setDaemon(true);
			pump.start();
			return new ChildApplication(name, process);
		}
		catch (IOException ex) {
			throw new DevServiceException("Could not start " + name + " from " + jar, ex);
		}
	}

	private static void pump(String name, Process process, PrintStream out) {
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				out.println("[" + name + "] " + line);
			}
		}
		catch (IOException ex) {
			// the process ended
		}
	}

	String name() {
		return this.name;
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	Process process() {
		return this.process;
	}

	void stop() {
		if (!this.process.isAlive()) {
			return;
		}
		this.process.destroy();
		try {
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
	}

}
