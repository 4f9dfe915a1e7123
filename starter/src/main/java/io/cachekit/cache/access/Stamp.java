package io.cachekit.cache.access;

/**
 * The generation of a cache and the tags of an entry with their versions, at one moment. An entry is written
 * with the stamp from before its value was read, so a clear or a tag eviction meanwhile makes it a miss.
 *
 * @param generation the cache's generation token
 * @param tags the entry's tags
 * @param versions the tags' version tokens, in the same order
 */
public record Stamp(long generation, String[] tags, long[] versions) {
}
