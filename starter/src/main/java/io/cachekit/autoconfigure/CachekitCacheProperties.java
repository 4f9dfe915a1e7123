package io.cachekit.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration of cachekit's Redis cache ({@code cachekit.cache.*}): the entry defaults every cache inherits,
 * per-cache overrides under {@code caches.<name>}, and one group per concern: {@code stampede},
 * {@code invalidation}, {@code near-cache}, {@code read-coalescing} and {@code warming}. Checked once bound: a
 * bad value fails startup naming the property. It is long because it is the binding target of about forty
 * properties (a documented field, a getter and a setter each), which the configuration processor and the
 * generated reference read from here.
 */
@ConfigurationProperties("cachekit.cache")
public class CachekitCacheProperties implements Validator {

	private static final String TTL_HINT = "TTLs must be positive; to keep a cache's entries forever set "
			+ "cachekit.cache.caches.<name>.no-expiry=true";

	private static final String JITTER_HINT = "Jitter must be at least 0 and below 1, e.g. 0.1 for plus or minus 10 %";

	private static final String BETA_HINT = "The factor must be a finite number of at least 0: 0 turns early refresh "
			+ "off, 1 is the usual choice";

	private static final String THRESHOLD_HINT = "The threshold must be between 0 (no compression) and 2GB";

	/**
	 * Time to live of entries in caches that set none. Must be positive.
	 */
	private Duration defaultTtl = Duration.ofMinutes(10);

	/**
	 * Relative random spread of entry TTLs, from 0 to below 1, so entries written together do not expire
	 * together (0.1 means plus or minus 10 %).
	 */
	private double jitter = 0.1;

	/**
	 * Whether null results are cached (with null-ttl), protecting the loader from repeated lookups of
	 * missing data.
	 */
	private boolean cacheNulls = true;

	/**
	 * Time to live of cached null results.
	 */
	private Duration nullTtl = Duration.ofMinutes(1);

	/**
	 * Size of a value's JSON from which it is stored LZ4-compressed; 0 turns compression off.
	 */
	private DataSize compressionThreshold = DataSize.ofKilobytes(2);

	/**
	 * Whether caches that are not listed under caches are created on first use, with the defaults.
	 */
	private boolean dynamic = true;

	/**
	 * Threads that run the Redis work of asynchronous and reactive cached methods (CompletableFuture, Mono,
	 * Flux), so that no caller's thread, an event loop included, waits for Redis. More lookups than threads
	 * wait in a queue.
	 */
	private int asyncThreads = 64;

	/**
	 * Loading each missing entry once across instances, early refresh and stale serving.
	 */
	private final Stampede stampede = new Stampede();

	/**
	 * How evictions and clears reach every instance, and what happens when Redis misses one.
	 */
	private final Invalidation invalidation = new Invalidation();

	/**
	 * The in-process near cache in front of Redis, kept coherent over pub/sub.
	 */
	private final NearCache nearCache = new NearCache();

	/**
	 * How concurrent reads of entries share Redis commands.
	 */
	private final ReadCoalescing readCoalescing = new ReadCoalescing();

	/**
	 * Cache warming by CacheWarmer beans.
	 */
	private final Warming warming = new Warming();

	/**
	 * Hot-key detection: the most read keys of each cache.
	 */
	private final HotKeys hotKeys = new HotKeys();

	/**
	 * The consistency monitor: sampled writes checked against the source of truth after a delay.
	 */
	private final Consistency consistency = new Consistency();

	/**
	 * Per-cache settings, by cache name; unset values inherit the defaults above.
	 */
	private final Map<String, Cache> caches = new LinkedHashMap<>();

	public Duration getDefaultTtl() {
		return this.defaultTtl;
	}

	public void setDefaultTtl(Duration defaultTtl) {
		this.defaultTtl = defaultTtl;
	}

	public double getJitter() {
		return this.jitter;
	}

	public void setJitter(double jitter) {
		this.jitter = jitter;
	}

	public boolean isCacheNulls() {
		return this.cacheNulls;
	}

	public void setCacheNulls(boolean cacheNulls) {
		this.cacheNulls = cacheNulls;
	}

	public Duration getNullTtl() {
		return this.nullTtl;
	}

	public void setNullTtl(Duration nullTtl) {
		this.nullTtl = nullTtl;
	}

	public DataSize getCompressionThreshold() {
		return this.compressionThreshold;
	}

	public void setCompressionThreshold(DataSize compressionThreshold) {
		this.compressionThreshold = compressionThreshold;
	}

	public boolean isDynamic() {
		return this.dynamic;
	}

	public void setDynamic(boolean dynamic) {
		this.dynamic = dynamic;
	}

	public int getAsyncThreads() {
		return this.asyncThreads;
	}

	public void setAsyncThreads(int asyncThreads) {
		this.asyncThreads = asyncThreads;
	}

	public Stampede getStampede() {
		return this.stampede;
	}

	public Invalidation getInvalidation() {
		return this.invalidation;
	}

	public NearCache getNearCache() {
		return this.nearCache;
	}

	public ReadCoalescing getReadCoalescing() {
		return this.readCoalescing;
	}

	public Warming getWarming() {
		return this.warming;
	}

	public HotKeys getHotKeys() {
		return this.hotKeys;
	}

	public Consistency getConsistency() {
		return this.consistency;
	}

	public Map<String, Cache> getCaches() {
		return this.caches;
	}

	@Override
	public boolean supports(Class<?> type) {
		return CachekitCacheProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		PropertyRules rules = new PropertyRules(errors, "cachekit.cache.");
		rules.positive("default-ttl", this.defaultTtl, TTL_HINT);
		rules.between("jitter", this.jitter, 0, 1, JITTER_HINT);
		rules.positive("null-ttl", this.nullTtl);
		rules.atLeast("async-threads", this.asyncThreads, 1);
		rules.require(this.compressionThreshold != null && this.compressionThreshold.toBytes() >= 0
				&& this.compressionThreshold.toBytes() <= Integer.MAX_VALUE, "compression-threshold",
				this.compressionThreshold, THRESHOLD_HINT);
		this.stampede.validate(rules.nested("stampede."));
		this.invalidation.validate(rules.nested("invalidation."));
		this.nearCache.validate(rules.nested("near-cache."));
		this.readCoalescing.validate(rules.nested("read-coalescing."));
		this.hotKeys.validate(rules.nested("hot-keys."));
		this.consistency.validate(rules.nested("consistency."));
		this.warming.validate(rules.nested("warming."));
		this.caches.forEach((name, cache) -> cache.validate(rules.nested("caches." + PropertyRules.mapKey(name) + ".")));
	}

	/**
	 * Stampede protection: one load per missing entry across instances, early refresh and stale serving.
	 */
	public static class Stampede {

		/**
		 * Whether a missing entry is loaded once across all instances: one caller holds a short lease in
		 * Redis and loads, the others wait for the value (at most lease-wait-timeout), and a load whose entry
		 * was evicted or overwritten meanwhile is not written.
		 */
		private boolean singleFlight = true;

		/**
		 * How long a load lease lives if its holder never writes (e.g. the instance died). Loads that take
		 * longer are returned to their caller but not cached.
		 */
		private Duration leaseTime = Duration.ofSeconds(10);

		/**
		 * How long a caller waits for another caller's load of the same key before loading itself (without
		 * caching the result).
		 */
		private Duration leaseWaitTimeout = Duration.ofSeconds(3);

		/**
		 * Probabilistic early refresh (XFetch) of caches that set none: 0 turns it off, 1 is the usual
		 * choice, higher values refresh earlier. Background refreshes need @Cacheable(sync = true).
		 */
		private double earlyRefreshBeta = 0;

		/**
		 * How long after expiry an entry of caches that set none may still be served while one caller
		 * refreshes it (stale-while-revalidate), also when the refresh fails (stale-if-error). Unset: never.
		 */
		private Duration staleTtl;

		/**
		 * How many background refreshes run at once.
		 */
		private int refreshThreads = 2;

		public boolean isSingleFlight() {
			return this.singleFlight;
		}

		public void setSingleFlight(boolean singleFlight) {
			this.singleFlight = singleFlight;
		}

		public Duration getLeaseTime() {
			return this.leaseTime;
		}

		public void setLeaseTime(Duration leaseTime) {
			this.leaseTime = leaseTime;
		}

		public Duration getLeaseWaitTimeout() {
			return this.leaseWaitTimeout;
		}

		public void setLeaseWaitTimeout(Duration leaseWaitTimeout) {
			this.leaseWaitTimeout = leaseWaitTimeout;
		}

		public double getEarlyRefreshBeta() {
			return this.earlyRefreshBeta;
		}

		public void setEarlyRefreshBeta(double earlyRefreshBeta) {
			this.earlyRefreshBeta = earlyRefreshBeta;
		}

		public Duration getStaleTtl() {
			return this.staleTtl;
		}

		public void setStaleTtl(Duration staleTtl) {
			this.staleTtl = staleTtl;
		}

		public int getRefreshThreads() {
			return this.refreshThreads;
		}

		public void setRefreshThreads(int refreshThreads) {
			this.refreshThreads = refreshThreads;
		}

		void validate(PropertyRules rules) {
			rules.positive("lease-time", this.leaseTime);
			rules.positive("lease-wait-timeout", this.leaseWaitTimeout);
			rules.between("early-refresh-beta", this.earlyRefreshBeta, 0, Double.POSITIVE_INFINITY, BETA_HINT);
			rules.positiveOrUnset("stale-ttl", this.staleTtl);
			rules.atLeast("refresh-threads", this.refreshThreads, 1);
		}

	}

	/**
	 * Invalidation: how evictions and clears reach every instance, and how failed ones are replayed.
	 */
	public static class Invalidation {

		/**
		 * How old this instance's view of cache generations and tag versions may get before it is read
		 * again. Other instances' evictions are normally seen sooner, through pub/sub events.
		 */
		private Duration metadataRefresh = Duration.ofSeconds(1);

		/**
		 * Minimum time a tag's version is kept in Redis after the tag was last evicted (raised to twice the
		 * longest configured TTL).
		 */
		private Duration tagRetention = Duration.ofDays(1);

		/**
		 * Whether the entries of a cleared cache are also deleted in the background with SCAN and UNLINK in
		 * bounded batches (they expire by their TTL anyway).
		 */
		private boolean cleanupOnClear;

		/**
		 * How many failed key or tag evictions are remembered for replay before they collapse into
		 * whole-cache evictions.
		 */
		private int pendingEvictionsLimit = 10_000;

		/**
		 * How often failed evictions are retried.
		 */
		private Duration replayInterval = Duration.ofMillis(500);

		public Duration getMetadataRefresh() {
			return this.metadataRefresh;
		}

		public void setMetadataRefresh(Duration metadataRefresh) {
			this.metadataRefresh = metadataRefresh;
		}

		public Duration getTagRetention() {
			return this.tagRetention;
		}

		public void setTagRetention(Duration tagRetention) {
			this.tagRetention = tagRetention;
		}

		public boolean isCleanupOnClear() {
			return this.cleanupOnClear;
		}

		public void setCleanupOnClear(boolean cleanupOnClear) {
			this.cleanupOnClear = cleanupOnClear;
		}

		public int getPendingEvictionsLimit() {
			return this.pendingEvictionsLimit;
		}

		public void setPendingEvictionsLimit(int pendingEvictionsLimit) {
			this.pendingEvictionsLimit = pendingEvictionsLimit;
		}

		public Duration getReplayInterval() {
			return this.replayInterval;
		}

		public void setReplayInterval(Duration replayInterval) {
			this.replayInterval = replayInterval;
		}

		void validate(PropertyRules rules) {
			rules.positive("metadata-refresh", this.metadataRefresh);
			rules.positive("tag-retention", this.tagRetention);
			rules.atLeast("pending-evictions-limit", this.pendingEvictionsLimit, 1);
			rules.positive("replay-interval", this.replayInterval);
		}

	}

	/**
	 * Near-cache defaults: an in-process Caffeine tier in front of Redis. Puts and evictions are announced
	 * on a Redis pub/sub channel with per-instance sequence numbers; a gap, a reconnect or silence clears
	 * the near caches, and ttl bounds how stale an entry can be if every announcement were lost.
	 */
	public static class NearCache {

		/**
		 * Whether caches that set nothing have a near cache.
		 */
		private boolean enabled;

		/**
		 * Most entries each near cache keeps.
		 */
		private long maximumSize = 10_000;

		/**
		 * Longest time a near-cache entry is kept, bounding staleness if every invalidation were lost.
		 */
		private Duration ttl = Duration.ofSeconds(30);

		/**
		 * How often each instance announces its invalidation sequence numbers; three intervals without
		 * hearing the channel bypass the near caches.
		 */
		private Duration heartbeatInterval = Duration.ofSeconds(1);

		/**
		 * Whether near caches keep only hot keys (as many as maximum-size), found by hot-key detection, and
		 * drop them when they cool down; otherwise they keep every key read, within maximum-size.
		 */
		private boolean promotion;

		public boolean isPromotion() {
			return this.promotion;
		}

		public void setPromotion(boolean promotion) {
			this.promotion = promotion;
		}

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public long getMaximumSize() {
			return this.maximumSize;
		}

		public void setMaximumSize(long maximumSize) {
			this.maximumSize = maximumSize;
		}

		public Duration getTtl() {
			return this.ttl;
		}

		public void setTtl(Duration ttl) {
			this.ttl = ttl;
		}

		public Duration getHeartbeatInterval() {
			return this.heartbeatInterval;
		}

		public void setHeartbeatInterval(Duration heartbeatInterval) {
			this.heartbeatInterval = heartbeatInterval;
		}

		void validate(PropertyRules rules) {
			rules.atLeast("maximum-size", this.maximumSize, 1);
			rules.positive("ttl", this.ttl);
			rules.positive("heartbeat-interval", this.heartbeatInterval);
		}

	}

	/**
	 * Read coalescing: concurrent reads share MGET commands.
	 */
	public static class ReadCoalescing {

		/**
		 * Whether concurrent reads of entries share commands. Unset: on, except for Redis Cluster, where
		 * distinct keys rarely share a slot and batches hardly form.
		 */
		private Boolean enabled;

		/**
		 * How many read commands may be on the wire at once; reads beyond that wait and share the next one.
		 * With one master serving reads, they are pipelined on one connection.
		 */
		private int maxInFlight = 4;

		/**
		 * Most keys one coalesced read command carries.
		 */
		private int maxBatch = 64;

		public Boolean getEnabled() {
			return this.enabled;
		}

		public void setEnabled(Boolean enabled) {
			this.enabled = enabled;
		}

		public int getMaxInFlight() {
			return this.maxInFlight;
		}

		public void setMaxInFlight(int maxInFlight) {
			this.maxInFlight = maxInFlight;
		}

		public int getMaxBatch() {
			return this.maxBatch;
		}

		public void setMaxBatch(int maxBatch) {
			this.maxBatch = maxBatch;
		}

		void validate(PropertyRules rules) {
			rules.atLeast("max-in-flight", this.maxInFlight, 1);
			rules.atLeast("max-batch", this.maxBatch, 1);
		}

	}

	/**
	 * Cache warming: CacheWarmer beans run at startup and then periodically.
	 */
	public static class Warming {

		/**
		 * Whether CacheWarmer beans are run.
		 */
		private boolean enabled = true;

		/**
		 * Delay between the end of one warming run and the start of the next.
		 */
		private Duration interval = Duration.ofMinutes(5);

		/**
		 * Fraction of its TTL an entry must still have for warming to skip it; entries closer to expiry
		 * are reloaded.
		 */
		private double refreshBelow = 0.2;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

		public double getRefreshBelow() {
			return this.refreshBelow;
		}

		public void setRefreshBelow(double refreshBelow) {
			this.refreshBelow = refreshBelow;
		}

		void validate(PropertyRules rules) {
			rules.positive("interval", this.interval, "The interval must be a positive duration, e.g. 5m");
			rules.require(this.refreshBelow >= 0 && this.refreshBelow <= 1, "refresh-below", this.refreshBelow,
					"The fraction must be between 0 and 1, e.g. 0.2");
		}

	}

	/**
	 * Hot-key detection: per cache, a count-min sketch of recent reads feeding a bounded set of the most read
	 * keys, listed at the actuator. Optionally shared in Redis, so that warming can start from what was hot.
	 */
	public static class HotKeys {

		/**
		 * Whether caches track their most read keys (caches whose near cache promotes always do).
		 */
		private boolean enabled = true;

		/**
		 * How many hot keys each cache tracks; a near cache with promotion tracks as many as it holds.
		 */
		private int tracked = 64;

		/**
		 * Whether caches that set nothing add their hot keys to a shared set in Redis.
		 */
		private boolean shared;

		/**
		 * How many of its hottest keys each instance adds to a cache's shared set per share-interval.
		 */
		private int sharedSize = 100;

		/**
		 * How often each instance adds its hottest keys to the shared sets.
		 */
		private Duration shareInterval = Duration.ofSeconds(10);

		/**
		 * Length of the shared sets' windows: reads of the current and the previous window count, and a
		 * window's set expires after two windows.
		 */
		private Duration window = Duration.ofMinutes(10);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getTracked() {
			return this.tracked;
		}

		public void setTracked(int tracked) {
			this.tracked = tracked;
		}

		public boolean isShared() {
			return this.shared;
		}

		public void setShared(boolean shared) {
			this.shared = shared;
		}

		public int getSharedSize() {
			return this.sharedSize;
		}

		public void setSharedSize(int sharedSize) {
			this.sharedSize = sharedSize;
		}

		public Duration getShareInterval() {
			return this.shareInterval;
		}

		public void setShareInterval(Duration shareInterval) {
			this.shareInterval = shareInterval;
		}

		public Duration getWindow() {
			return this.window;
		}

		public void setWindow(Duration window) {
			this.window = window;
		}

		void validate(PropertyRules rules) {
			rules.atLeast("tracked", this.tracked, 1);
			rules.atLeast("shared-size", this.sharedSize, 1);
			rules.positive("share-interval", this.shareInterval);
			rules.positive("window", this.window);
		}

	}

	/**
	 * The consistency monitor: a share of writes (puts, evictions, write-behind saves) is re-read after a
	 * delay, from the cache and from the application's source of truth ({@code ConsistencySource} beans), and
	 * the share that agreed is reported. Off by default; off, it costs nothing.
	 */
	public static class Consistency {

		/**
		 * Whether sampled writes are checked against the source of truth.
		 */
		private boolean enabled;

		/**
		 * Share of writes that are checked, from 0 to 1.
		 */
		private double sampleRate = 0.01;

		/**
		 * How long after a write the cache and the source must agree (T in "consistent within T").
		 */
		private Duration delay = Duration.ofSeconds(5);

		/**
		 * How often due checks run: an inconsistency is reported at most delay plus this interval after the
		 * write.
		 */
		private Duration checkInterval = Duration.ofSeconds(1);

		/**
		 * Most checks waiting at once; samples beyond that are dropped (and counted).
		 */
		private int maxPending = 10_000;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public double getSampleRate() {
			return this.sampleRate;
		}

		public void setSampleRate(double sampleRate) {
			this.sampleRate = sampleRate;
		}

		public Duration getDelay() {
			return this.delay;
		}

		public void setDelay(Duration delay) {
			this.delay = delay;
		}

		public Duration getCheckInterval() {
			return this.checkInterval;
		}

		public void setCheckInterval(Duration checkInterval) {
			this.checkInterval = checkInterval;
		}

		public int getMaxPending() {
			return this.maxPending;
		}

		public void setMaxPending(int maxPending) {
			this.maxPending = maxPending;
		}

		void validate(PropertyRules rules) {
			rules.require(this.sampleRate > 0 && this.sampleRate <= 1, "sample-rate", this.sampleRate,
					"The share must be above 0 and at most 1, e.g. 0.01 for 1 % of writes");
			rules.positive("delay", this.delay);
			rules.positive("check-interval", this.checkInterval);
			rules.atLeast("max-pending", this.maxPending, 1);
		}

	}

	/**
	 * Hot keys of one cache; {@code null} values inherit the defaults.
	 */
	public static class CacheHotKeys {

		/**
		 * Whether this cache's hot keys are added to its shared set in Redis.
		 */
		private Boolean shared;

		public Boolean getShared() {
			return this.shared;
		}

		public void setShared(Boolean shared) {
			this.shared = shared;
		}

	}

	/**
	 * Settings of one cache; {@code null} values inherit the defaults.
	 */
	public static class Cache {

		/**
		 * Time to live of this cache's entries. Must be positive.
		 */
		private Duration ttl;

		/**
		 * Relative random spread of this cache's TTLs, from 0 to below 1.
		 */
		private Double jitter;

		/**
		 * Whether this cache stores null results.
		 */
		private Boolean cacheNulls;

		/**
		 * Time to live of this cache's null results.
		 */
		private Duration nullTtl;

		/**
		 * Whether this cache's entries never expire (explicit opt-in; ttl is then ignored).
		 */
		private boolean noExpiry;

		/**
		 * Size of JSON from which this cache's values are compressed; 0 turns compression off.
		 */
		private DataSize compressionThreshold;

		/**
		 * This cache's stampede protection.
		 */
		private final CacheStampede stampede = new CacheStampede();

		/**
		 * This cache's near cache.
		 */
		private final CacheNearCache nearCache = new CacheNearCache();

		/**
		 * This cache's hot keys.
		 */
		private final CacheHotKeys hotKeys = new CacheHotKeys();

		public CacheHotKeys getHotKeys() {
			return this.hotKeys;
		}

		public Duration getTtl() {
			return this.ttl;
		}

		public void setTtl(Duration ttl) {
			this.ttl = ttl;
		}

		public Double getJitter() {
			return this.jitter;
		}

		public void setJitter(Double jitter) {
			this.jitter = jitter;
		}

		public Boolean getCacheNulls() {
			return this.cacheNulls;
		}

		public void setCacheNulls(Boolean cacheNulls) {
			this.cacheNulls = cacheNulls;
		}

		public Duration getNullTtl() {
			return this.nullTtl;
		}

		public void setNullTtl(Duration nullTtl) {
			this.nullTtl = nullTtl;
		}

		public boolean isNoExpiry() {
			return this.noExpiry;
		}

		public void setNoExpiry(boolean noExpiry) {
			this.noExpiry = noExpiry;
		}

		public DataSize getCompressionThreshold() {
			return this.compressionThreshold;
		}

		public void setCompressionThreshold(DataSize compressionThreshold) {
			this.compressionThreshold = compressionThreshold;
		}

		public CacheStampede getStampede() {
			return this.stampede;
		}

		public CacheNearCache getNearCache() {
			return this.nearCache;
		}

		void validate(PropertyRules rules) {
			if (this.ttl != null) {
				rules.positive("ttl", this.ttl, TTL_HINT);
			}
			if (this.jitter != null) {
				rules.between("jitter", this.jitter, 0, 1, JITTER_HINT);
			}
			rules.positiveOrUnset("null-ttl", this.nullTtl);
			if (this.compressionThreshold != null) {
				rules.require(this.compressionThreshold.toBytes() >= 0
						&& this.compressionThreshold.toBytes() <= Integer.MAX_VALUE, "compression-threshold",
						this.compressionThreshold, THRESHOLD_HINT);
			}
			this.stampede.validate(rules.nested("stampede."));
			this.nearCache.validate(rules.nested("near-cache."));
		}

	}

	/**
	 * Stampede protection of one cache; {@code null} values inherit the defaults.
	 */
	public static class CacheStampede {

		/**
		 * Whether this cache's loads are coordinated across instances.
		 */
		private Boolean singleFlight;

		/**
		 * This cache's early refresh (XFetch) factor; 0 turns it off.
		 */
		private Double earlyRefreshBeta;

		/**
		 * How long after expiry this cache's entries may still be served while one caller refreshes them.
		 */
		private Duration staleTtl;

		public Boolean getSingleFlight() {
			return this.singleFlight;
		}

		public void setSingleFlight(Boolean singleFlight) {
			this.singleFlight = singleFlight;
		}

		public Double getEarlyRefreshBeta() {
			return this.earlyRefreshBeta;
		}

		public void setEarlyRefreshBeta(Double earlyRefreshBeta) {
			this.earlyRefreshBeta = earlyRefreshBeta;
		}

		public Duration getStaleTtl() {
			return this.staleTtl;
		}

		public void setStaleTtl(Duration staleTtl) {
			this.staleTtl = staleTtl;
		}

		void validate(PropertyRules rules) {
			if (this.earlyRefreshBeta != null) {
				rules.between("early-refresh-beta", this.earlyRefreshBeta, 0, Double.POSITIVE_INFINITY, BETA_HINT);
			}
			rules.positiveOrUnset("stale-ttl", this.staleTtl);
		}

	}

	/**
	 * Near cache of one cache; {@code null} values inherit the defaults.
	 */
	public static class CacheNearCache {

		/**
		 * Whether this cache has a near cache.
		 */
		private Boolean enabled;

		/**
		 * Most entries this cache's near cache keeps.
		 */
		private Long maximumSize;

		/**
		 * Longest time this cache's near-cache entries are kept.
		 */
		private Duration ttl;

		/**
		 * Whether this cache's near cache keeps only hot keys.
		 */
		private Boolean promotion;

		public Boolean getPromotion() {
			return this.promotion;
		}

		public void setPromotion(Boolean promotion) {
			this.promotion = promotion;
		}

		public Boolean getEnabled() {
			return this.enabled;
		}

		public void setEnabled(Boolean enabled) {
			this.enabled = enabled;
		}

		public Long getMaximumSize() {
			return this.maximumSize;
		}

		public void setMaximumSize(Long maximumSize) {
			this.maximumSize = maximumSize;
		}

		public Duration getTtl() {
			return this.ttl;
		}

		public void setTtl(Duration ttl) {
			this.ttl = ttl;
		}

		void validate(PropertyRules rules) {
			if (this.maximumSize != null) {
				rules.atLeast("maximum-size", this.maximumSize, 1);
			}
			rules.positiveOrUnset("ttl", this.ttl);
		}

	}

}
