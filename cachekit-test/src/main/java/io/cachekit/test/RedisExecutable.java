package io.cachekit.test;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * Locates a {@code redis-server} binary: the one on the {@code PATH} if present (e.g. Debian's Redis 7),
 * otherwise the Redis 6.2 binary shipped inside the {@code embedded-redis} jar, extracted once per JVM.
 */
final class RedisExecutable {

	private static volatile Path located;

	private RedisExecutable() {
	}

	static synchronized Path locate() {
		if (located == null) {
			located = fromPath();
			if (located == null) {
				located = extractEmbedded();
			}
		}
		return located;
	}

	private static Path fromPath() {
		String path = System.getenv("PATH");
		if (path == null) {
			return null;
		}
		for (String dir : path.split(File.pathSeparator)) {
			Path candidate = Path.of(dir, "redis-server");
			if (Files.isExecutable(candidate)) {
				return candidate;
			}
		}
		return null;
	}

	private static Path extractEmbedded() {
		String resource = embeddedResourceName();
		try (InputStream in = RedisExecutable.class.getResourceAsStream("/" + resource)) {
			if (in == null) {
				throw new DevServiceException("No redis-server on the PATH and no embedded binary '" + resource
						+ "' for this platform; install Redis or set REDIS_URL");
			}
			Path dir = Files.createTempDirectory("cachekit-redis");
			Path binary = dir.resolve("redis-server");
			Files.copy(in, binary, StandardCopyOption.REPLACE_EXISTING);
			binary.toFile().setExecutable(true);
			binary.toFile().deleteOnExit();
			dir.toFile().deleteOnExit();
			return binary;
		}
		catch (IOException ex) {
			throw new DevServiceException("Could not extract the embedded redis-server binary", ex);
		}
	}

	private static String embeddedResourceName() {
		String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
		String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
		boolean arm = arch.contains("aarch64") || arch.contains("arm");
		if (os.contains("mac")) {
			return arm ? "redis-server-6.2.6-v5-darwin-arm64" : "redis-server-6.2.6-v5-darwin-amd64";
		}
		return arm ? "redis-server-6.2.7-linux-arm64" : "redis-server-6.2.6-v5-linux-amd64";
	}

}
