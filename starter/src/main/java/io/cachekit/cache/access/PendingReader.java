package io.cachekit.cache.access;

import java.util.Arrays;

import tools.jackson.databind.JavaType;

import io.cachekit.cache.entry.CacheValueMapper;
import io.cachekit.cache.guard.CacheUnavailableException;
import io.cachekit.cache.guard.GuardedStore;
import io.cachekit.cache.stats.CacheStatistics;

/**
 * Finds the value a cache written behind holds for a key until the database has it ({@link PendingValues}),
 * read into the caller's type. A cache that is not written behind uses {@link #NONE}, which never asks Redis.
 */
public final class PendingReader {

	/** For caches that are not written behind: nothing is ever pending, and nothing is asked. */
	public static final PendingReader NONE = new PendingReader(null, null, null, null, null);

	private final String name;

	private final PendingValues source;

	private final GuardedStore store;

	private final CacheValueMapper mapper;

	private final CacheStatistics statistics;

	/**
	 * Creates the reader of one cache.
	 * @param name the cache name
	 * @param source the pending values
	 * @param store the guarded store, whose guard the lookup runs under
	 * @param mapper reads the JSON
	 * @param statistics the cache's counters
	 */
	public PendingReader(String name, PendingValues source, GuardedStore store, CacheValueMapper mapper,
			CacheStatistics statistics) {
		this.name = name;
		this.source = source;
		this.store = store;
		this.mapper = mapper;
		this.statistics = statistics;
	}

	/**
	 * The pending value of a key, read into the call's type.
	 * @param key the user key
	 * @param type the type to read it as
	 * @return the pending value, or {@code null} when nothing is pending or it cannot be read (then the
	 * caller loads)
	 */
	public Pending find(Object key, JavaType type) {
		if (this.source == null || !this.source.covers(this.name)) {
			return null;
		}
		byte[] json;
		try {
			json = this.store.call("read a pending write from", () -> this.source.find(this.name, keyString(key)));
		}
		catch (CacheUnavailableException ex) {
			return null;
		}
		if (json == null) {
			return null;
		}
		try {
			Object value = this.mapper.readDocument(json, type);
			this.statistics.recordPendingServed();
			return new Pending(value);
		}
		catch (RuntimeException ex) {
			this.statistics.recordUnreadable();
			this.store.guard()
				.log()
				.warn("pending-" + this.name, "cachekit could not read a pending write of cache '" + this.name
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
