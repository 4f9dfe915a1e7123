package io.cachekit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose keeps its secrets in one {@code .env} file: no secret of {@code .env} appears in a compose file
 * or in the Dockerfile, and every secret a compose file uses is defined there. ({@code docker compose config}
 * validates the files in {@code .ci/run} when a compose client is installed; no Docker engine runs here.)
 */
class DockerComposeSecretsTests {

	private static final Path ROOT = Path.of("..");

	private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z0-9_]+)(?::?[-?][^}]*)?}");

	private static final Set<String> NOT_SECRETS = Set.of("CACHEKIT_REDIS_PORT", "CACHEKIT_MONGODB_PORT",
			"CACHEKIT_KAFKA_PORT", "CACHEKIT_DEMO_PORT", "CACHEKIT_WORKER_PORT");

	@Test
	void noSecretOfTheEnvFileIsWrittenInAComposeFileOrTheDockerfile() throws IOException {
		Map<String, String> secrets = envFile();
		assertThat(secrets).containsKeys("REDIS_PASSWORD", "MONGO_ROOT_PASSWORD", "MONGO_APP_PASSWORD",
				"KAFKA_PASSWORD", "KAFKA_BROKER_PASSWORD");
		for (String file : new String[] { "docker-compose.yml", "docker-compose.sentinel.yml", "docker-compose.tls.yml",
				"Dockerfile" }) {
			String text = Files.readString(ROOT.resolve(file));
			secrets.forEach((name, value) -> {
				if (name.endsWith("PASSWORD")) {
					assertThat(text).as("%s holds the value of %s", file, name).doesNotContain(value);
				}
			});
		}
	}

	@Test
	void everyVariableOfTheComposeFilesIsInTheEnvFile() throws IOException {
		Map<String, String> secrets = envFile();
		Set<String> used = new TreeSet<>();
		for (String file : new String[] { "docker-compose.yml", "docker-compose.sentinel.yml", "docker-compose.tls.yml" }) {
			Matcher matcher = VARIABLE.matcher(Files.readString(ROOT.resolve(file)));
			while (matcher.find()) {
				used.add(matcher.group(1));
			}
		}
		used.removeAll(NOT_SECRETS);
		assertThat(used).as("variables of the compose files").isNotEmpty();
		assertThat(secrets.keySet()).containsAll(used);
	}

	private static Map<String, String> envFile() throws IOException {
		Map<String, String> values = new LinkedHashMap<>();
		for (String line : Files.readAllLines(ROOT.resolve(".env"))) {
			String trimmed = line.strip();
			if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
				int equals = trimmed.indexOf('=');
				values.put(trimmed.substring(0, equals), trimmed.substring(equals + 1));
			}
		}
		return values;
	}

}
