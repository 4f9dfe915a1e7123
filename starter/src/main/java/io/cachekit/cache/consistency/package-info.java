/**
 * The consistency monitor: sampled writes re-read from Redis and from the application's source of truth
 * after a delay, and the share that agreed reported per cache.
 */
package io.cachekit.cache.consistency;
