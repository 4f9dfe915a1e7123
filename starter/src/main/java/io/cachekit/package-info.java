/**
 * cachekit: Redis caching, distributed locks, rate limits and write-behind for Spring Boot.
 * Feature packages sit below this one; {@code io.cachekit.autoconfigure} wires them.
 */
package io.cachekit;
