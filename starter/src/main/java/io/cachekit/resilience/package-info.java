/**
 * How cachekit survives a Redis that fails or hangs: one {@code CircuitBreakerRegistry} with an instance per
 * concern (cache, rate limits, locks, write-behind), a timeout per call, a deadline per request, and
 * throttled logging.
 */
package io.cachekit.resilience;
