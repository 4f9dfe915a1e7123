package io.cachekit.test;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Locates a {@code redis-server} binary: the one on the {@code PATH} if present (e.g. Debian's Redis 7),
 * otherwise the Redis 6.2 binary shipped inside the {@code embedded-redis} jar, extracted once per machine.
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

	/**
	 * Extracts the embedded binary once per machine: into a directory of the temp directory named by the
	 * binary's SHA-256, written under a temporary name and moved into place, so concurrent JVMs share one
	 * copy and repeated runs do not leave one behind each.
	 */
	private static Path extractEmbedded() {
		String resource = embeddedResourceName();
		try (InputStream in = RedisExecutable.class.getResourceAsStream("/" + resource)) {
			if (in == null) {
				throw new DevServiceException("No redis-server on the PATH and no embedded binary '" + resource
						+ "' for this platform; install Redis or set REDIS_URL");
			}
			byte[] bytes = in.readAllBytes();
			Path dir = Path.of(System.getProperty("java.io.tmpdir"), "cachekit-redis-bin-" + sha256(bytes));
			Path binary = dir.resolve("redis-server");
			if (Files.isExecutable(binary) && Files.size(binary) == bytes.length) {
				return binary;
			}
			Files.createDirectories(dir);
			Path partial = Files.createTempFile(dir, "redis-server", ".partial");
			try {
				Files.write(partial, bytes);
				partial.toFile().setExecutable(true);
				Files.move(partial, binary, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			}
			finally {
				Files.deleteIfExists(partial);
			}
			return binary;
		}
		catch (IOException ex) {
			throw new DevServiceException("Could not extract the embedded redis-server binary", ex);
		}
	}

	private static String sha256(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 16);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
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
