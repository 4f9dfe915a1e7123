/**
 * Consuming the write-behind topic: a batch listener, its deserializer, and the one error handler that retries
 * transient failures and dead-letters records that can never be persisted.
 */
package io.cachekit.worker.consume;
