package io.cachekit;

import org.springframework.core.Ordered;

/**
 * The order of cachekit's method advisors, fixed in one place. A lower value runs first (further
 * out): a rate limit rejects a call before it queues for a lock, and a lock is held around the
 * caching and write-behind work (and around a transaction, whose advisor has
 * {@link Ordered#LOWEST_PRECEDENCE}), so that work is finished before the lock is released.
 */
public final class CachekitAdvisorOrder {

	/** Order of the {@code @RateLimited} advisor: outermost. */
	public static final int RATE_LIMIT = Ordered.LOWEST_PRECEDENCE - 300;

	/** Order of the {@code @DistributedLock} advisor: inside rate limits, outside caching. */
	public static final int LOCK = Ordered.LOWEST_PRECEDENCE - 200;

	/** Order of the caching advisors (read-through and near cache). */
	public static final int CACHING = Ordered.LOWEST_PRECEDENCE - 100;

	/** Order of the {@code @WriteBehind} advisor: with caching, inside locks. */
	public static final int WRITE_BEHIND = Ordered.LOWEST_PRECEDENCE - 100;

	private CachekitAdvisorOrder() {
	}

}
