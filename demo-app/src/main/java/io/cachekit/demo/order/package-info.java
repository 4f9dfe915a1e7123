/**
 * Orders: paying charges exactly once, even when the same payment request arrives many times at once.
 */
package io.cachekit.demo.order;
