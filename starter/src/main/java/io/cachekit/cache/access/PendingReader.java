package io.cachekit.cache.access;

import java.util.Arrays;

import tools.jackson.databind.JavaType;

import io.cachekit.cache.guard.CacheUnavailableException;

/**
 * Finds the value a cache written behind holds for a key until the database has it ({@link PendingValues}),
 * read into the caller's type. A cache that is not written behind uses {@link #NONE}, which never asks Redis.
 */
public final class PendingReader {

	/** For caches that are not written behind: nothing is ever pending, and nothing is asked. */
	public static final PendingReader NONE = new PendingReader(null, null);

	private final CacheScope scope;

	private final PendingValues source;

	/**
	 * Creates the reader of one cache.
	 * @param scope the cache's collaborators
	 * @param source the pending values
	 */
	public PendingReader(CacheScope scope, PendingValues source) {
		this.scope = scope;
		this.source = source;
	}

	/**
	 * The pending value of a key, read into the call's type.
	 * @param key the user key
	 * @param type the type to read it as
	 * @return the pending value, or {@code null} when nothing is pending or it cannot be read (then the
	 * caller loads)
	 */
	public Pending find(Object key, JavaType type) {
		if (this.source == null || !this.source.covers(this.scope.name())) {
			return null;
		}
		byte[] json;
		try {
			json = this.scope.store().call("read a pending write from", () -> this.source.find(this.scope.name(), keyString(key)));
		}
		catch (CacheUnavailableException ex) {
			return null;
		}
		if (json == null) {
			return null;
		}
		try {
			Object value = this.scope.entries().mapper().readDocument(json, type);
			this.scope.statistics().recordPendingServed();
			return new Pending(value);
		}
		catch (RuntimeException ex) {
			this.scope.statistics().recordUnreadable();
			this.scope.store().guard()
				.log()
				.warn("pending-" + this.scope.name(), "cachekit could not read a pending write of cache '" + this.scope.name()
						+ "' as the method's type; the value is loaded instead", ex);
			return null;
		}
	}

	private static String keyString(Object key) {
		return (key instanceof Object[] array) ? Arrays.deepToString(array) : String.valueOf(key);
	}

	/**
	 * A value written but maybe not yet persisted.
	 *
	 * @param value the value, may be {@code null}
	 */
	public record Pending(Object value) {
	}

}
