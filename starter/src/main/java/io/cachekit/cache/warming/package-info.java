/**
 * Cache warming: {@link io.cachekit.cache.warming.CacheWarmer} beans fill caches ahead of demand, one
 * instance at a time.
 */
package io.cachekit.cache.warming;
