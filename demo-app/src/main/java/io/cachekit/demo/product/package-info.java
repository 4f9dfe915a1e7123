/**
 * Products: cache-aside with a TTL. Reads go through the cache (the {@code X-Cache} header tells HIT or
 * MISS), writes go to MongoDB first and then refresh the entry and invalidate the cached category listings.
 */
package io.cachekit.demo.product;
