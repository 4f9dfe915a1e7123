/**
 * Users: write-behind. Updates are acknowledged once durable in Kafka and visible at once through the cache;
 * the worker persists them to MongoDB, and {@code ?consistency=db} shows MongoDB catching up.
 */
package io.cachekit.demo.user;
