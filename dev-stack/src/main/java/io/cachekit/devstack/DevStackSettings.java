package io.cachekit.devstack;

import java.nio.file.Path;
import java.util.function.Function;

import io.cachekit.test.DevServiceException;
import io.cachekit.test.DevServices;

/**
 * The local run's ports and paths, each overridable by an environment variable (or a system property of
 * the same name).
 *
 * @param redisPort {@code CACHEKIT_REDIS_PORT}, default 6379
 * @param kafkaPort {@code CACHEKIT_KAFKA_PORT}, default 9092
 * @param mongoPort {@code CACHEKIT_MONGODB_PORT}, default 27017
 * @param demoPort {@code CACHEKIT_DEMO_PORT}, default 8080
 * @param workerPort {@code CACHEKIT_WORKER_PORT}, default 8081
 * @param home {@code CACHEKIT_HOME}, the repository root holding the built jars, default the working directory
 * @param aot {@code CACHEKIT_AOT}: whether the applications start in Spring AOT mode, default {@code false}
 */
record DevStackSettings(int redisPort, int kafkaPort, int mongoPort, int demoPort, int workerPort, Path home,
		boolean aot) {

	static DevStackSettings from(Function<String, String> environment) {
		String home = environment.apply("CACHEKIT_HOME");
		return new DevStackSettings(port(environment, "CACHEKIT_REDIS_PORT", 6379),
				port(environment, "CACHEKIT_KAFKA_PORT", 9092), port(environment, "CACHEKIT_MONGODB_PORT", 27017),
				port(environment, "CACHEKIT_DEMO_PORT", 8080), port(environment, "CACHEKIT_WORKER_PORT", 8081),
				Path.of((home != null) ? home : "").toAbsolutePath(), flag(environment, "CACHEKIT_AOT"));
	}

	private static boolean flag(Function<String, String> environment, String name) {
		String value = environment.apply(name);
		if (value == null || value.isBlank()) {
			return false;
		}
		return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
			case "true" -> true;
			case "false" -> false;
			default -> throw new DevServiceException(name + " must be true or false, not '" + value + "'");
		};
	}

	static DevStackSettings fromSystem() {
		return from(DevServices::systemSetting);
	}

	private static int port(Function<String, String> environment, String name, int defaultPort) {
		String value = environment.apply(name);
		if (value == null || value.isBlank()) {
			return defaultPort;
		}
		try {
			int port = Integer.parseInt(value.strip());
			if (port < 1 || port > 65535) {
				throw new NumberFormatException();
			}
			return port;
		}
		catch (NumberFormatException ex) {
			throw new DevServiceException(name + " must be a port number between 1 and 65535, not '" + value + "'");
		}
	}

	DevServices.Ports serverPorts() {
		return new DevServices.Ports(this.redisPort, this.kafkaPort, this.mongoPort);
	}

	Path jar(String module, String name) {
		return this.home.resolve(module).resolve("target").resolve(name);
	}

}
