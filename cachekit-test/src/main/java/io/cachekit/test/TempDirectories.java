package io.cachekit.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
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

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(() -> OWNED.forEach(TempDirectories::deleteQuietly),
				"cachekit-temp-cleanup"));
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
