/**
 * Charging an order exactly once across instances: a rate limit per order, a distributed lock
 * per order, and a MongoDB write fenced by the lock's token so a paused holder cannot overwrite a
 * newer one.
 */
package io.cachekit.demo.payment;
