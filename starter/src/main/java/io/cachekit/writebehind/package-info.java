/**
 * Write-behind: cache-first writes made durable in Kafka before they are acknowledged.
 * {@link io.cachekit.writebehind.WriteBehindTemplate} (and its annotation twin
 * {@link io.cachekit.writebehind.WriteBehind}) assigns the next version of a key, publishes a
 * {@link io.cachekit.writebehind.envelope.WriteBehindEnvelope} and waits for the broker's acknowledgement, then pins
 * the new value in the cache until a worker reports it persisted.
 */
package io.cachekit.writebehind;
