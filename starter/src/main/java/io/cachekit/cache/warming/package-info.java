/**
 * Cache warming: {@link io.cachekit.cache.warming.CacheWarmer} beans fill caches ahead of demand, one
 * instance at a time, and may start from the hot keys instances share in Redis
 * ({@link io.cachekit.cache.warming.HotKeySharing}).
 */
package io.cachekit.cache.warming;
