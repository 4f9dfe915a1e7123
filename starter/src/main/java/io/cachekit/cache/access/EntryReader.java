package io.cachekit.cache.access;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

import tools.jackson.databind.JavaType;

import org.springframework.cache.Cache.ValueWrapper;
import org.springframework.cache.support.SimpleValueWrapper;

import io.cachekit.cache.entry.CacheValueMapper;
import io.cachekit.cache.entry.EntryCodec;
import io.cachekit.cache.entry.StoredEntry;
import io.cachekit.cache.guard.CacheUnavailableException;
import io.cachekit.cache.guard.GuardedStore;
import io.cachekit.cache.metadata.CacheInvalidator;
import io.cachekit.cache.metadata.CacheMetadata;
import io.cachekit.cache.near.NearTier;
import io.cachekit.cache.stats.CacheStatistics;

/**
 * Reads the entries of one cache and says what each is good for ({@link Read.Freshness}): decodes it, checks
 * its generation and tag versions against the current ones, reads the value into the caller's type, and
 * decides between fresh, an early refresh (XFetch: {@code -delta * beta * ln(random) >= remaining}, delta
 * being the recent load time) and stale. A usable entry that is not expired is kept in the near tier. Counts
 * hits, misses and unreadable entries.
 */
public final class EntryReader {

	private static final long DEFAULT_LOAD_NANOS = 100_000_000L;

	private final String name;

	private final String segment;

	private final GuardedStore store;

	private final EntryCodec codec;

	private final CacheValueMapper mapper;

	private final CacheMetadata metadata;

	private final CacheInvalidator invalidator;

	private final Clock clock;

	private final CacheStatistics statistics;

	private final NearTier near;

	private final boolean servesStale;

	private final double earlyRefreshBeta;

	/**
	 * Creates the reader of one cache.
	 * @param name the cache name, for the log
	 * @param segment the cache's key segment
	 * @param store the guarded store
	 * @param entries the entry layout and the JSON mapper
	 * @param metadata the current generations and tag versions
	 * @param invalidator tells when the cache must bypass Redis (an invalidation is pending)
	 * @param clock the clock entries are stamped with
	 * @param statistics the cache's counters
	 * @param near the near tier
	 * @param servesStale whether expired entries are served within a stale TTL
	 * @param earlyRefreshBeta the XFetch beta, 0 for no early refresh
	 */
	public EntryReader(String name, String segment, GuardedStore store, Entries entries, CacheMetadata metadata,
			CacheInvalidator invalidator, Clock clock, CacheStatistics statistics, NearTier near, boolean servesStale,
			double earlyRefreshBeta) {
		this.name = name;
		this.segment = segment;
		this.store = store;
		this.codec = entries.codec();
		this.mapper = entries.mapper();
		this.metadata = metadata;
		this.invalidator = invalidator;
		this.clock = clock;
		this.statistics = statistics;
		this.near = near;
		this.servesStale = servesStale;
		this.earlyRefreshBeta = earlyRefreshBeta;
	}

	/**
	 * Reads an entry.
	 * @param key the user key
	 * @param encodedKey the encoded key
	 * @param storeKey the entry's Redis key
	 * @param type the type to read the value as, {@code null} for untyped JSON
	 * @return what was found
	 */
	public Read read(Object key, String encodedKey, String storeKey, JavaType type) {
		if (this.invalidator.mustBypass(this.segment)) {
			this.statistics.recordMiss();
			return Read.UNAVAILABLE;
		}
		long stamp = this.near.stamp(encodedKey);
		byte[] bytes;
		try {
			bytes = this.store.get(storeKey);
		}
		catch (CacheUnavailableException ex) {
			this.statistics.recordMiss();
			return Read.UNAVAILABLE;
		}
		if (bytes == null) {
			this.statistics.recordMiss();
			return Read.MISS;
		}
		return decode(key, encodedKey, storeKey, bytes, type, stamp);
	}

	/**
	 * Reads an entry already fetched, e.g. found by a lease claim.
	 * @param key the user key
	 * @param encodedKey the encoded key
	 * @param storeKey the entry's Redis key, for the log
	 * @param bytes the entry
	 * @param type the type to read the value as
	 * @param nearStamp the near-cache stamp taken before the entry was fetched
	 * @return what the entry is good for
	 */
	public Read decode(Object key, String encodedKey, String storeKey, byte[] bytes, JavaType type, long nearStamp) {
		StoredEntry entry;
		Object value;
		try {
			entry = this.codec.decode(bytes);
			if (!current(entry)) {
				this.statistics.recordMiss();
				return Read.INVALID;
			}
			value = entry.isNull() ? null : this.mapper.read(entry.buffer(), entry.offset(), entry.length(), type);
		}
		catch (CacheUnavailableException ex) {
			this.statistics.recordError();
			this.statistics.recordMiss();
			return Read.INVALID;
		}
		catch (RuntimeException ex) {
			this.statistics.recordUnreadable();
			this.statistics.recordMiss();
			this.store.guard()
				.log()
				.warn("unreadable-" + this.name, "cachekit treated an unreadable value in cache '" + this.name
						+ "' as a miss (key " + storeKey + "); the method runs and overwrites it", ex);
			return Read.INVALID;
		}
		this.statistics.recordHit();
		ValueWrapper wrapper = new SimpleValueWrapper(value);
		long remaining = (entry.ttlMillis() > 0)
				? entry.writtenAtMillis() + entry.ttlMillis() - this.clock.millis() : Long.MAX_VALUE;
		if (remaining <= 0 && this.servesStale) {
			return new Read(Read.Freshness.STALE, wrapper);
		}
		if (remaining > 0) {
			this.near.keep(key, encodedKey, new NearTier.Copy(wrapper, type, entry.tags(), entry.tagVersions()),
					nearStamp, Duration.ofMillis(Math.min(remaining, Long.MAX_VALUE / 2_000_000)));
		}
		if (this.earlyRefreshBeta > 0 && remaining != Long.MAX_VALUE && refreshEarly(remaining)) {
			return new Read(Read.Freshness.EARLY, wrapper);
		}
		return new Read(Read.Freshness.FRESH, wrapper);
	}

	private boolean current(StoredEntry entry) {
		return entry.generation() == this.metadata.generation(this.segment) && (entry.tags().length == 0
				|| Arrays.equals(entry.tagVersions(), this.metadata.tagVersions(entry.tags())));
	}

	private boolean refreshEarly(long remainingMillis) {
		long delta = this.statistics.recentLoadNanos();
		double deltaMillis = ((delta > 0) ? delta : DEFAULT_LOAD_NANOS) / 1_000_000.0;
		double draw = ThreadLocalRandom.current().nextDouble();
		return -deltaMillis * this.earlyRefreshBeta * Math.log(draw) >= remainingMillis;
	}

	/**
	 * Whether an entry has less than a fraction of its TTL left (or cannot be read), for cache warming.
	 * @param bytes the entry
	 * @param fraction e.g. 0.2
	 * @return {@code true} if it should be reloaded
	 */
	public boolean closeToExpiry(byte[] bytes, double fraction) {
		try {
			StoredEntry entry = this.codec.decode(bytes);
			if (entry.ttlMillis() <= 0) {
				return false;
			}
			long remaining = entry.writtenAtMillis() + entry.ttlMillis() - this.clock.millis();
			return remaining < entry.ttlMillis() * fraction;
		}
		catch (RuntimeException ex) {
			return true;
		}
	}

}
