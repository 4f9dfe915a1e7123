/**
 * Observability of cachekit caches: Micrometer meters, a health indicator and the {@code cachekit}
 * actuator endpoint. Each lights up only when its library is on the class path.
 */
package io.cachekit.cache.actuate;
