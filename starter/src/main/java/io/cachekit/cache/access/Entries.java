package io.cachekit.cache.access;

import io.cachekit.cache.entry.CacheValueMapper;
import io.cachekit.cache.entry.EntryCodec;

/**
 * How values become entries and back: the JSON mapper and the entry layout around the JSON.
 *
 * @param codec the entry layout
 * @param mapper the JSON mapper
 */
public record Entries(EntryCodec codec, CacheValueMapper mapper) {
}
