/**
 * cachekit's Redis cache behind Spring's caching annotations: {@link io.cachekit.cache.CachekitCacheManager},
 * per-cache {@link io.cachekit.cache.CacheSpec}s, {@link io.cachekit.cache.CacheTtl} and
 * {@link io.cachekit.cache.CacheTags} beside {@code @Cacheable}, and the programmatic
 * {@link io.cachekit.cache.CacheOperations}.
 */
package io.cachekit.cache;
