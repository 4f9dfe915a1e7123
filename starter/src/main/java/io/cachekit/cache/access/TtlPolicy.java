package io.cachekit.cache.access;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The TTL an entry is written with: the method's TTL if it declares one, else the cache's (or none for a
 * cache without expiry), the null TTL for {@code null}; each spread by the jitter so that entries written
 * together do not expire together.
 *
 * @param ttl the cache's TTL
 * @param noExpiry whether entries of the cache never expire
 * @param nullTtl the TTL of cached {@code null}s
 * @param jitter the spread, e.g. 0.1 for ±10%
 */
public record TtlPolicy(Duration ttl, boolean noExpiry, Duration nullTtl, double jitter) {

	/**
	 * The TTL to write a value with.
	 * @param value the value
	 * @param declared the method's TTL, {@code null} for the cache's
	 * @return the jittered TTL, {@code null} for none
	 */
	public Duration ttlOf(Object value, Duration declared) {
		if (value == null) {
			return jittered(this.nullTtl);
		}
		if (declared != null) {
			return jittered(declared);
		}
		return this.noExpiry ? null : jittered(this.ttl);
	}

	private Duration jittered(Duration ttl) {
		long millis = ttl.toMillis();
		if (this.jitter > 0) {
			double factor = 1 + ThreadLocalRandom.current().nextDouble(-this.jitter, this.jitter);
			millis = Math.round(millis * factor);
		}
		return Duration.ofMillis(Math.max(1, millis));
	}

}
