/**
 * The storage tier SPI under cachekit caches, {@link io.cachekit.cache.store.CacheStore}, and its Redis
 * implementation.
 */
package io.cachekit.cache.store;
