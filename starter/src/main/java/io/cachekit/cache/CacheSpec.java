package io.cachekit.cache;

import java.time.Duration;
import java.util.Objects;

/**
 * Immutable settings of one cache: entry TTL and its jitter, how {@code null} results are cached and when
 * values are compressed. Start from {@link #defaults()} and derive variants with the {@code with...}
 * methods.
 */
public final class CacheSpec {

	private static final CacheSpec DEFAULTS = new CacheSpec(Duration.ofMinutes(10), 0.1, true, Duration.ofMinutes(1),
			false, 2048);

	private final Duration ttl;

	private final double jitter;

	private final boolean cacheNulls;

	private final Duration nullTtl;

	private final boolean noExpiry;

	private final int compressionThreshold;

	private CacheSpec(Duration ttl, double jitter, boolean cacheNulls, Duration nullTtl, boolean noExpiry,
			int compressionThreshold) {
		this.ttl = ttl;
		this.jitter = jitter;
		this.cacheNulls = cacheNulls;
		this.nullTtl = nullTtl;
		this.noExpiry = noExpiry;
		this.compressionThreshold = compressionThreshold;
	}

	/**
	 * The defaults: 10 minutes TTL, ±10 % jitter, {@code null} cached for 1 minute, compression above 2 KB.
	 * @return the default spec
	 */
	public static CacheSpec defaults() {
		return DEFAULTS;
	}

	/**
	 * A spec with another TTL.
	 * @param ttl the TTL, positive
	 * @return a new spec
	 */
	public CacheSpec withTtl(Duration ttl) {
		checkPositive(ttl, "TTL");
		return new CacheSpec(ttl, this.jitter, this.cacheNulls, this.nullTtl, this.noExpiry,
				this.compressionThreshold);
	}

	/**
	 * A spec with another jitter.
	 * @param jitter the relative spread of TTLs, from 0 (none) to below 1
	 * @return a new spec
	 */
	public CacheSpec withJitter(double jitter) {
		if (!(jitter >= 0 && jitter < 1)) {
			throw new IllegalArgumentException("Jitter must be at least 0 and below 1, was " + jitter);
		}
		return new CacheSpec(this.ttl, jitter, this.cacheNulls, this.nullTtl, this.noExpiry,
				this.compressionThreshold);
	}

	/**
	 * A spec that caches {@code null} results, or not.
	 * @param cacheNulls whether to cache {@code null}
	 * @return a new spec
	 */
	public CacheSpec withCacheNulls(boolean cacheNulls) {
		return new CacheSpec(this.ttl, this.jitter, cacheNulls, this.nullTtl, this.noExpiry,
				this.compressionThreshold);
	}

	/**
	 * A spec with another TTL for cached {@code null} results.
	 * @param nullTtl the TTL, positive
	 * @return a new spec
	 */
	public CacheSpec withNullTtl(Duration nullTtl) {
		checkPositive(nullTtl, "Null TTL");
		return new CacheSpec(this.ttl, this.jitter, this.cacheNulls, nullTtl, this.noExpiry,
				this.compressionThreshold);
	}

	/**
	 * A spec whose entries never expire (an explicit opt-in; {@code null} results still expire).
	 * @param noExpiry whether entries never expire
	 * @return a new spec
	 */
	public CacheSpec withNoExpiry(boolean noExpiry) {
		return new CacheSpec(this.ttl, this.jitter, this.cacheNulls, this.nullTtl, noExpiry,
				this.compressionThreshold);
	}

	/**
	 * A spec that compresses values from the given size on.
	 * @param bytes the threshold in bytes of JSON; 0 or less turns compression off
	 * @return a new spec
	 */
	public CacheSpec withCompressionThreshold(int bytes) {
		return new CacheSpec(this.ttl, this.jitter, this.cacheNulls, this.nullTtl, this.noExpiry,
				Math.max(0, bytes));
	}

	private static void checkPositive(Duration duration, String what) {
		Objects.requireNonNull(duration, () -> what + " must not be null");
		if (duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException(what + " must be positive, was " + duration);
		}
	}

	/** @return the entry TTL before jitter */
	public Duration ttl() {
		return this.ttl;
	}

	/** @return the relative jitter, e.g. 0.1 for ±10 % */
	public double jitter() {
		return this.jitter;
	}

	/** @return whether {@code null} results are cached */
	public boolean cacheNulls() {
		return this.cacheNulls;
	}

	/** @return the TTL of cached {@code null} results */
	public Duration nullTtl() {
		return this.nullTtl;
	}

	/** @return whether entries never expire */
	public boolean noExpiry() {
		return this.noExpiry;
	}

	/** @return the size from which values are compressed, 0 for never */
	public int compressionThreshold() {
		return this.compressionThreshold;
	}

	@Override
	public boolean equals(Object other) {
		return (other instanceof CacheSpec that) && this.ttl.equals(that.ttl) && this.jitter == that.jitter
				&& this.cacheNulls == that.cacheNulls && this.nullTtl.equals(that.nullTtl)
				&& this.noExpiry == that.noExpiry && this.compressionThreshold == that.compressionThreshold;
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.ttl, this.jitter, this.cacheNulls, this.nullTtl, this.noExpiry,
				this.compressionThreshold);
	}

	@Override
	public String toString() {
		return "CacheSpec[ttl=" + this.ttl + ", jitter=" + this.jitter + ", cacheNulls=" + this.cacheNulls
				+ ", nullTtl=" + this.nullTtl + ", noExpiry=" + this.noExpiry + ", compressionThreshold="
				+ this.compressionThreshold + "]";
	}

}
