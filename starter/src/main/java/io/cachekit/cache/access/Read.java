package io.cachekit.cache.access;

import org.springframework.cache.Cache.ValueWrapper;

/**
 * What a read of one entry found.
 *
 * @param freshness what the entry is good for
 * @param wrapper the value when it can be served, else {@code null}
 */
public record Read(Freshness freshness, ValueWrapper wrapper) {

	/** Redis could not be asked. */
	public static final Read UNAVAILABLE = new Read(Freshness.UNAVAILABLE, null);

	/** Absent. */
	public static final Read MISS = new Read(Freshness.MISS, null);

	/** Present but unusable. */
	public static final Read INVALID = new Read(Freshness.INVALID, null);

	/**
	 * Whether the value can be served.
	 * @return {@code true} for fresh, early and stale reads
	 */
	public boolean servable() {
		return this.wrapper != null;
	}

	/** What an entry is good for. */
	public enum Freshness {

		/** Usable and not due for refresh. */
		FRESH,
		/** Usable, and this caller drew an early refresh (XFetch). */
		EARLY,
		/** Expired but within the stale TTL: served while one caller refreshes it. */
		STALE,
		/** Absent. */
		MISS,
		/** Present but unusable: unreadable, from an older generation, or a tag was evicted. */
		INVALID,
		/** Redis could not be asked. */
		UNAVAILABLE

	}

}
