/**
 * Hot-key detection: each cache counts its reads in a small count-min sketch and keeps its most read keys
 * ({@link io.cachekit.cache.hot.HotKeySketch}), which near caches with promotion hold and the actuator
 * lists.
 */
package io.cachekit.cache.hot;
