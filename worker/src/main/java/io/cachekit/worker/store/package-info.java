/**
 * Persisting envelopes: coalescing a batch to the newest version per key and writing it to MongoDB with
 * version-conditional upserts.
 */
package io.cachekit.worker.store;
