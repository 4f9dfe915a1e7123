package io.cachekit.writebehind;

import java.nio.charset.StandardCharsets;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

import io.cachekit.cache.access.PendingValues;
import io.cachekit.writebehind.envelope.WriteBehindEnvelope;
import io.cachekit.writebehind.pending.WriteBehindCache;

/**
 * Lets cachekit caches see write-behind saves the worker has not persisted yet: a miss of cache
 * {@code user}, key {@code 42} is answered with the pinned entry of type {@code user}, id {@code 42}, instead
 * of a load of older data from the database. Once the worker has persisted the save, the entry is unpinned
 * and misses load from the database again, which now has it.
 * <p>
 * The value is served as the worker will store it: the saved object with its version in {@code version}
 * (the worker's document also gets {@code _id} and {@code updatedAt}), so the loader's type reads it as it reads
 * the stored document. Only caches in {@link WrittenBehindCaches} are looked up.
 */
public class WriteBehindPendingValues implements PendingValues {

	private final WriteBehindCache cache;

	private final WrittenBehindCaches writtenBehind;

	private final ObjectMapper mapper;

	/**
	 * Creates the source.
	 * @param cache the write-behind entries
	 * @param writtenBehind the caches that are written behind; no other cache is ever looked up
	 * @param mapper reads and writes the saved JSON
	 */
	public WriteBehindPendingValues(WriteBehindCache cache, WrittenBehindCaches writtenBehind, ObjectMapper mapper) {
		this.cache = cache;
		this.writtenBehind = writtenBehind;
		this.mapper = mapper;
	}

	@Override
	public boolean covers(String cacheName) {
		return this.writtenBehind.contains(cacheName);
	}

	@Override
	public byte[] find(String cacheName, String key) {
		WriteBehindCache.Entry entry = this.cache.get(cacheName, key);
		if (entry == null || !entry.pinned()) {
			return null;
		}
		JsonNode saved = this.mapper.readTree(entry.json());
		if (saved instanceof ObjectNode document) {
			document.put(WriteBehindEnvelope.VERSION_FIELD, entry.version());
			return this.mapper.writeValueAsBytes(document);
		}
		return entry.json().getBytes(StandardCharsets.UTF_8);
	}

}
