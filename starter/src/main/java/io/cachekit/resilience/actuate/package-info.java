/**
 * Meters and health of every circuit breaker in cachekit's resilience registry.
 */
package io.cachekit.resilience.actuate;
