package io.cachekit.cache.access;

/**
 * One entry's key in its three forms, for reads of several entries at once.
 *
 * @param key the user key
 * @param encodedKey the encoded key
 * @param storeKey the entry's Redis key
 */
public record EntryKey(Object key, String encodedKey, String storeKey) {
}
