package io.cachekit.writebehind;

import java.nio.charset.StandardCharsets;

import io.cachekit.cache.access.PendingValues;

/**
 * Lets cachekit caches see write-behind saves the worker has not persisted yet: a miss of cache
 * {@code user}, key {@code 42} is answered with the pinned entry of type {@code user}, id {@code 42}, instead
 * of a load of older data from the database. Once the worker has persisted the save, the entry is unpinned
 * and misses load from the database again, which now has it.
 */
public class WriteBehindPendingValues implements PendingValues {

	private final WriteBehindCache cache;

	private final WrittenBehindCaches writtenBehind;

	/**
	 * Creates the source.
	 * @param cache the write-behind entries
	 * @param writtenBehind the caches that are written behind; no other cache is ever looked up
	 */
	public WriteBehindPendingValues(WriteBehindCache cache, WrittenBehindCaches writtenBehind) {
		this.cache = cache;
		this.writtenBehind = writtenBehind;
	}

	@Override
	public boolean covers(String cacheName) {
		return this.writtenBehind.contains(cacheName);
	}

	@Override
	public byte[] find(String cacheName, String key) {
		WriteBehindCache.Entry entry = this.cache.get(cacheName, key);
		return (entry != null && entry.pinned()) ? entry.json().getBytes(StandardCharsets.UTF_8) : null;
	}

}
