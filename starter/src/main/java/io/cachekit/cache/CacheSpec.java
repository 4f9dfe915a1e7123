package io.cachekit.cache;

import java.time.Duration;
import java.util.Objects;

/**
 * Immutable settings of one cache: entry TTL and its jitter, how {@code null} results are cached, when
 * values are compressed, and the stampede and near-cache features. Start from {@link #defaults()} and
 * derive variants with the {@code with...} methods.
 */
public final class CacheSpec {

	private static final CacheSpec DEFAULTS = new CacheSpec();

	private Duration ttl = Duration.ofMinutes(10);

	private double jitter = 0.1;

	private boolean cacheNulls = true;

	private Duration nullTtl = Duration.ofMinutes(1);

	private boolean noExpiry;

	private int compressionThreshold = 2048;

	private boolean singleFlight = true;

	private double earlyRefreshBeta;

	private Duration staleTtl;

	private long nearCacheMaximumSize;

	private Duration nearCacheTtl = Duration.ofSeconds(30);

	private boolean nearCachePromotion;

	private boolean sharedHotKeys;

	private CacheSpec() {
	}

	private CacheSpec copy() {
		CacheSpec copy = new CacheSpec();
		copy.ttl = this.ttl;
		copy.jitter = this.jitter;
		copy.cacheNulls = this.cacheNulls;
		copy.nullTtl = this.nullTtl;
		copy.noExpiry = this.noExpiry;
		copy.compressionThreshold = this.compressionThreshold;
		copy.singleFlight = this.singleFlight;
		copy.earlyRefreshBeta = this.earlyRefreshBeta;
		copy.staleTtl = this.staleTtl;
		copy.nearCacheMaximumSize = this.nearCacheMaximumSize;
		copy.nearCacheTtl = this.nearCacheTtl;
		copy.nearCachePromotion = this.nearCachePromotion;
		copy.sharedHotKeys = this.sharedHotKeys;
		return copy;
	}

	/**
	 * The defaults: 10 minutes TTL, ±10 % jitter, {@code null} cached for 1 minute, compression above 2 KB,
	 * single flight across instances on, no early refresh, no stale serving, no near cache.
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
		CacheSpec copy = copy();
		copy.ttl = ttl;
		return copy;
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
		CacheSpec copy = copy();
		copy.jitter = jitter;
		return copy;
	}

	/**
	 * A spec that caches {@code null} results, or not.
	 * @param cacheNulls whether to cache {@code null}
	 * @return a new spec
	 */
	public CacheSpec withCacheNulls(boolean cacheNulls) {
		CacheSpec copy = copy();
		copy.cacheNulls = cacheNulls;
		return copy;
	}

	/**
	 * A spec with another TTL for cached {@code null} results.
	 * @param nullTtl the TTL, positive
	 * @return a new spec
	 */
	public CacheSpec withNullTtl(Duration nullTtl) {
		checkPositive(nullTtl, "Null TTL");
		CacheSpec copy = copy();
		copy.nullTtl = nullTtl;
		return copy;
	}

	/**
	 * A spec whose entries never expire (an explicit opt-in; {@code null} results still expire).
	 * @param noExpiry whether entries never expire
	 * @return a new spec
	 */
	public CacheSpec withNoExpiry(boolean noExpiry) {
		CacheSpec copy = copy();
		copy.noExpiry = noExpiry;
		return copy;
	}

	/**
	 * A spec that compresses values from the given size on.
	 * @param bytes the threshold in bytes of JSON; 0 or less turns compression off
	 * @return a new spec
	 */
	public CacheSpec withCompressionThreshold(int bytes) {
		CacheSpec copy = copy();
		copy.compressionThreshold = Math.max(0, bytes);
		return copy;
	}

	/**
	 * A spec that lets one caller across all instances load a missing entry while the others wait for it
	 * (a lease per key in Redis), or not.
	 * @param singleFlight whether to coordinate loads across instances
	 * @return a new spec
	 */
	public CacheSpec withSingleFlight(boolean singleFlight) {
		CacheSpec copy = copy();
		copy.singleFlight = singleFlight;
		return copy;
	}

	/**
	 * A spec with probabilistic early refresh (XFetch): a hit refreshes the entry in the background with a
	 * probability that rises as expiry nears, faster for entries that take long to load.
	 * @param beta how eagerly to refresh: 0 turns it off, 1 is the usual choice, above 1 refreshes earlier
	 * @return a new spec
	 */
	public CacheSpec withEarlyRefreshBeta(double beta) {
		if (!(beta >= 0 && Double.isFinite(beta))) {
			throw new IllegalArgumentException("Early refresh beta must be a finite number of at least 0, was " + beta);
		}
		CacheSpec copy = copy();
		copy.earlyRefreshBeta = beta;
		return copy;
	}

	/**
	 * A spec that keeps serving an expired entry for a while (stale-while-revalidate) while one caller
	 * refreshes it, and also when the refresh fails (stale-if-error).
	 * @param staleTtl how long after expiry an entry may be served, or {@code null} for never
	 * @return a new spec
	 */
	public CacheSpec withStaleTtl(Duration staleTtl) {
		if (staleTtl != null) {
			checkPositive(staleTtl, "Stale TTL");
		}
		CacheSpec copy = copy();
		copy.staleTtl = staleTtl;
		return copy;
	}

	/**
	 * A spec with an in-process near cache in front of Redis, kept coherent over pub/sub.
	 * @param maximumSize the most entries held in process, 0 turns the near cache off
	 * @param ttl how long an entry may be held in process: the hard bound on its staleness
	 * @return a new spec
	 */
	public CacheSpec withNearCache(long maximumSize, Duration ttl) {
		if (maximumSize < 0) {
			throw new IllegalArgumentException("Near cache size must be at least 0, was " + maximumSize);
		}
		checkPositive(ttl, "Near cache TTL");
		CacheSpec copy = copy();
		copy.nearCacheMaximumSize = maximumSize;
		copy.nearCacheTtl = ttl;
		return copy;
	}

	/**
	 * A spec whose near cache keeps only hot keys: those the cache's hot-key detector ranks among its most
	 * read, as many as the near cache holds. A key leaves the near cache when hotter keys push it out of the hot
	 * set.
	 * @param promotion whether only hot keys are kept in process
	 * @return a new spec
	 */
	public CacheSpec withNearCachePromotion(boolean promotion) {
		CacheSpec copy = copy();
		copy.nearCachePromotion = promotion;
		return copy;
	}

	/**
	 * A spec whose hot keys are shared in Redis, in a bounded, expiring set, so that any instance can warm
	 * what was hot (see {@code CacheWarming.hotKeys}).
	 * @param shared whether this instance adds its hot keys to the shared set
	 * @return a new spec
	 */
	public CacheSpec withSharedHotKeys(boolean shared) {
		CacheSpec copy = copy();
		copy.sharedHotKeys = shared;
		return copy;
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

	/** @return whether loads are coordinated across instances */
	public boolean singleFlight() {
		return this.singleFlight;
	}

	/** @return the XFetch beta, 0 when early refresh is off */
	public double earlyRefreshBeta() {
		return this.earlyRefreshBeta;
	}

	/** @return how long expired entries may be served, {@code null} when never */
	public Duration staleTtl() {
		return this.staleTtl;
	}

	/** @return whether the cache has a near cache */
	public boolean nearCacheEnabled() {
		return this.nearCacheMaximumSize > 0;
	}

	/** @return the most entries of the near cache, 0 when off */
	public long nearCacheMaximumSize() {
		return this.nearCacheMaximumSize;
	}

	/** @return how long a near-cache entry may be held */
	public Duration nearCacheTtl() {
		return this.nearCacheTtl;
	}

	/** @return whether the near cache keeps only hot keys */
	public boolean nearCachePromotion() {
		return this.nearCachePromotion;
	}

	/** @return whether this cache's hot keys are shared in Redis */
	public boolean sharedHotKeys() {
		return this.sharedHotKeys;
	}

	@Override
	public boolean equals(Object other) {
		return (other instanceof CacheSpec that) && this.ttl.equals(that.ttl) && this.jitter == that.jitter
				&& this.cacheNulls == that.cacheNulls && this.nullTtl.equals(that.nullTtl)
				&& this.noExpiry == that.noExpiry && this.compressionThreshold == that.compressionThreshold
				&& this.singleFlight == that.singleFlight && this.earlyRefreshBeta == that.earlyRefreshBeta
				&& Objects.equals(this.staleTtl, that.staleTtl)
				&& this.nearCacheMaximumSize == that.nearCacheMaximumSize
				&& this.nearCacheTtl.equals(that.nearCacheTtl) && this.nearCachePromotion == that.nearCachePromotion
				&& this.sharedHotKeys == that.sharedHotKeys;
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.ttl, this.jitter, this.cacheNulls, this.nullTtl, this.noExpiry,
				this.compressionThreshold, this.singleFlight, this.earlyRefreshBeta, this.staleTtl,
				this.nearCacheMaximumSize, this.nearCacheTtl, this.nearCachePromotion, this.sharedHotKeys);
	}

	@Override
	public String toString() {
		return "CacheSpec[ttl=" + this.ttl + ", jitter=" + this.jitter + ", cacheNulls=" + this.cacheNulls
				+ ", nullTtl=" + this.nullTtl + ", noExpiry=" + this.noExpiry + ", compressionThreshold="
				+ this.compressionThreshold + ", singleFlight=" + this.singleFlight + ", earlyRefreshBeta="
				+ this.earlyRefreshBeta + ", staleTtl=" + this.staleTtl + ", nearCache="
				+ ((this.nearCacheMaximumSize > 0) ? this.nearCacheMaximumSize + "/" + this.nearCacheTtl : "off")
				+ (this.nearCachePromotion ? ", promotion" : "") + (this.sharedHotKeys ? ", sharedHotKeys" : "") + "]";
	}

}
