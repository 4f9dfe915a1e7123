package io.cachekit.writebehind;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The caches that are written behind, whose misses must look for saves the worker has not persisted yet.
 * Declared in {@code cachekit.write-behind.caches}, found on {@link WriteBehind @WriteBehind} methods at
 * startup, and registered by the first save of an undeclared type (with a warning: other instances, which
 * have not saved it, do not know it is written behind). Every other cache's misses skip the lookup.
 */
public final class WrittenBehindCaches {

	private static final Log logger = LogFactory.getLog(WrittenBehindCaches.class);

	private final Set<String> names = ConcurrentHashMap.newKeySet();

	/**
	 * Creates the registry.
	 * @param declared the caches declared in configuration
	 */
	public WrittenBehindCaches(Collection<String> declared) {
		this.names.addAll(declared);
	}

	/**
	 * Declares a cache written behind.
	 * @param cacheName the cache name (the entity type)
	 */
	public void declare(String cacheName) {
		this.names.add(cacheName);
	}

	/**
	 * Registers the type of a save; the first save of a type nobody declared logs a warning.
	 * @param cacheName the cache name (the entity type)
	 */
	public void saved(String cacheName) {
		if (this.names.add(cacheName)) {
			logger.warn("Cache '" + cacheName + "' is written behind but was not declared: add it to "
					+ "cachekit.write-behind.caches so that the misses of every instance, not only of this one, "
					+ "look for saves the worker has not persisted yet");
		}
	}

	/**
	 * Whether a cache is written behind.
	 * @param cacheName the cache name
	 * @return {@code true} if declared, annotated or saved
	 */
	public boolean contains(String cacheName) {
		return this.names.contains(cacheName);
	}

	/**
	 * The caches written behind.
	 * @return their names, sorted
	 */
	public Set<String> names() {
		return new TreeSet<>(this.names);
	}

}
