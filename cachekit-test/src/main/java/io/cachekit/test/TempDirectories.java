package io.cachekit.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Work directories of the embedded servers: created under the temp directory and deleted with their
 * contents when the server is closed or, at the latest, when the JVM exits, so repeated runs leave
 * nothing behind ({@code File.deleteOnExit} cannot delete a directory that still holds files).
 */
final class TempDirectories {

	private static final Set<Path> OWNED = ConcurrentHashMap.newKeySet();

	/** The server using a directory: stopped before its directory is deleted at exit. */
	private static final Map<Path, AutoCloseable> USERS = new ConcurrentHashMap<>();

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(() -> OWNED.forEach((dir) -> {
			// other shutdown hooks run at the same time: a server still writing to its directory (a Kafka broker
			// that loses its log directory halts the JVM) is stopped first
			closeQuietly(USERS.remove(dir));
			deleteQuietly(dir);
		}), "cachekit-temp-cleanup"));
	}

	/**
	 * Records the server that uses a directory, so that the cleanup at exit stops it before deleting the
	 * directory.
	 * @param dir the directory
	 * @param user the server; closing it must be idempotent and thread-safe
	 */
	static void usedBy(Path dir, AutoCloseable user) {
		USERS.put(dir, user);
	}

	private static void closeQuietly(AutoCloseable user) {
		if (user == null) {
			return;
		}
		try {
			user.close();
		}
		catch (Exception ex) {
			// best effort at exit
		}
	}

	private TempDirectories() {
	}

	/**
	 * Creates a directory that is deleted at JVM exit unless {@link #delete(Path)} deleted it before.
	 * @param prefix the name prefix
	 * @return the new directory
	 * @throws IOException if it cannot be created
	 */
	static Path create(String prefix) throws IOException {
		Path dir = Files.createTempDirectory(prefix);
		OWNED.add(dir);
		return dir;
	}

	/**
	 * Deletes a directory and everything in it, as far as possible.
	 * @param dir the directory
	 */
	static void delete(Path dir) {
		OWNED.remove(dir);
		USERS.remove(dir);
		deleteQuietly(dir);
	}

	private static void deleteQuietly(Path dir) {
		if (!Files.exists(dir)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(dir)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			// best effort: the directory is temporary
		}
	}

}
