package io.cachekit.cache;

import java.time.Duration;

/**
 * The remaining time to live of a cache entry, as answered by {@link CacheOperations#remainingTtl}.
 *
 * @param exists whether the entry exists
 * @param ttl the remaining time, or {@code null} if the entry is absent or never expires
 */
public record RemainingTtl(boolean exists, Duration ttl) {

	/**
	 * Whether the entry exists without expiry.
	 * @return {@code true} for a persistent entry
	 */
	public boolean persistent() {
		return this.exists && this.ttl == null;
	}

}
