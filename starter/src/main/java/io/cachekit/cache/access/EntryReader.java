package io.cachekit.cache.access;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import io.micrometer.observation.Observation;
import tools.jackson.databind.JavaType;

import org.springframework.cache.Cache.ValueWrapper;
import org.springframework.cache.support.SimpleValueWrapper;

import io.cachekit.cache.entry.StoredEntry;
import io.cachekit.cache.guard.CacheUnavailableException;
import io.cachekit.cache.near.NearTier;

/**
 * Reads the entries of one cache and says what each is good for ({@link Read.Freshness}): decodes it, checks
 * its generation and tag versions against the current ones, reads the value into the caller's type, and
 * decides between fresh, an early refresh (XFetch: {@code -delta * beta * ln(random) >= remaining}, delta
 * being the recent load time) and stale. A usable entry that is not expired is kept in the near tier. Counts
 * hits, misses and unreadable entries, and observes each single lookup ({@link CacheObservations#GET}).
 */
public final class EntryReader {

	private static final long DEFAULT_LOAD_NANOS = 100_000_000L;

	/** In place of a generation: each entry looks the current one up. */
	private static final long LOOK_UP_GENERATION = Long.MIN_VALUE;

	/** In place of the time: each entry reads the clock. */
	private static final long READ_CLOCK = Long.MIN_VALUE;

	private final CacheScope scope;

	private final boolean servesStale;

	private final double earlyRefreshBeta;

	/** Whether the near tier keeps copies at all ({@link NearTier#NONE} keeps none). */
	private final boolean keepsNearCopies;

	/**
	 * Creates the reader of one cache.
	 * @param scope the cache's collaborators
	 * @param servesStale whether expired entries are served within a stale TTL
	 * @param earlyRefreshBeta the XFetch beta, 0 for no early refresh
	 */
	public EntryReader(CacheScope scope, boolean servesStale, double earlyRefreshBeta) {
		this.scope = scope;
		this.servesStale = servesStale;
		this.earlyRefreshBeta = earlyRefreshBeta;
		this.keepsNearCopies = scope.near().cache() != null;
	}

	/**
	 * Reads an entry, observed as {@link CacheObservations#GET} with what it found as the outcome.
	 * @param key the user key
	 * @param encodedKey the encoded key
	 * @param storeKey the entry's Redis key
	 * @param type the type to read the value as, {@code null} for untyped JSON
	 * @return what was found
	 */
	public Read read(Object key, String encodedKey, String storeKey, JavaType type) {
		Observation observation = this.scope.observations().startGet();
		if (observation == null) {
			return readEntry(key, encodedKey, storeKey, type);
		}
		Read read;
		try {
			read = readEntry(key, encodedKey, storeKey, type);
		}
		catch (RuntimeException | Error ex) {
			CacheObservations.stop(observation, CacheObservations.ERROR, ex);
			throw ex;
		}
		CacheObservations.stop(observation, CacheObservations.outcomeOf(read), null);
		return read;
	}

	private Read readEntry(Object key, String encodedKey, String storeKey, JavaType type) {
		if (this.scope.invalidator().mustBypass(this.scope.segment())) {
			this.scope.statistics().recordMiss();
			return Read.UNAVAILABLE;
		}
		long stamp = this.scope.near().stamp(encodedKey);
		byte[] bytes;
		try {
			bytes = this.scope.store().get(storeKey);
		}
		catch (CacheUnavailableException ex) {
			this.scope.statistics().recordMiss();
			return Read.UNAVAILABLE;
		}
		if (bytes == null) {
			this.scope.statistics().recordMiss();
			return Read.MISS;
		}
		return decode(key, encodedKey, storeKey, bytes, type, stamp);
	}

	/**
	 * Reads several entries in one round trip.
	 * @param keys the entries' keys
	 * @param type the type to read the values as, {@code null} for untyped JSON
	 * @return what was found, in the order of the keys
	 */
	public List<Read> readAll(List<EntryKey> keys, JavaType type) {
		List<Read> reads = new ArrayList<>(keys.size());
		if (keys.isEmpty()) {
			return reads;
		}
		if (this.scope.invalidator().mustBypass(this.scope.segment())) {
			return unavailable(keys.size());
		}
		long[] stamps = new long[keys.size()];
		List<String> storeKeys = new ArrayList<>(keys.size());
		for (int i = 0; i < keys.size(); i++) {
			stamps[i] = this.scope.near().stamp(keys.get(i).encodedKey());
			storeKeys.add(keys.get(i).storeKey());
		}
		List<byte[]> values;
		try {
			values = this.scope.store().getAll(storeKeys);
		}
		catch (CacheUnavailableException ex) {
			return unavailable(keys.size());
		}
		// the entries came in one reply: one generation and one clock reading serve them all
		long generation = batchGeneration();
		long now = this.scope.clock().millis();
		for (int i = 0; i < keys.size(); i++) {
			EntryKey key = keys.get(i);
			byte[] bytes = values.get(i);
			if (bytes == null) {
				this.scope.statistics().recordMiss();
				reads.add(Read.MISS);
			}
			else {
				reads.add(decode(key.key(), key.encodedKey(), key.storeKey(), bytes, type, stamps[i], generation, now));
			}
		}
		return reads;
	}

	/**
	 * The current generation for a batch of entries, or {@link #LOOK_UP_GENERATION} when Redis cannot say:
	 * each entry then asks on its own and counts the failure, as a single read does.
	 */
	private long batchGeneration() {
		try {
			return this.scope.metadata().generation(this.scope.segment());
		}
		catch (CacheUnavailableException ex) {
			return LOOK_UP_GENERATION;
		}
	}

	private List<Read> unavailable(int count) {
		List<Read> reads = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			this.scope.statistics().recordMiss();
			reads.add(Read.UNAVAILABLE);
		}
		return reads;
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
		return decode(key, encodedKey, storeKey, bytes, type, nearStamp, LOOK_UP_GENERATION, READ_CLOCK);
	}

	/**
	 * Reads an entry already fetched.
	 * @param generation the current generation, or {@link #LOOK_UP_GENERATION}
	 * @param now the clock's reading to measure the remaining TTL from, or {@link #READ_CLOCK}
	 */
	private Read decode(Object key, String encodedKey, String storeKey, byte[] bytes, JavaType type, long nearStamp,
			long generation, long now) {
		StoredEntry entry;
		Object value;
		try {
			entry = this.scope.entries().codec().decode(bytes);
			if (!current(entry, generation)) {
				this.scope.statistics().recordMiss();
				return Read.INVALID;
			}
			value = entry.isNull() ? null : this.scope.entries().mapper().read(entry.buffer(), entry.offset(), entry.length(), type);
		}
		catch (CacheUnavailableException ex) {
			this.scope.statistics().recordError();
			this.scope.statistics().recordMiss();
			return Read.INVALID;
		}
		catch (RuntimeException ex) {
			this.scope.statistics().recordUnreadable();
			this.scope.statistics().recordMiss();
			this.scope.store().guard()
				.log()
				.warn("unreadable-" + this.scope.name(), "cachekit treated an unreadable value in cache '" + this.scope.name()
						+ "' as a miss (key " + storeKey + "); the method runs and overwrites it", ex);
			return Read.INVALID;
		}
		this.scope.statistics().recordHit();
		ValueWrapper wrapper = new SimpleValueWrapper(value);
		long remaining = (entry.ttlMillis() > 0) ? entry.writtenAtMillis() + entry.ttlMillis() - millis(now)
				: Long.MAX_VALUE;
		if (remaining <= 0 && this.servesStale) {
			return new Read(Read.Freshness.STALE, wrapper);
		}
		if (remaining > 0 && this.keepsNearCopies) {
			this.scope.near().keep(key, encodedKey, new NearTier.Copy(wrapper, type, entry.tags(), entry.tagVersions()),
					nearStamp, Duration.ofMillis(Math.min(remaining, Long.MAX_VALUE / 2_000_000)));
		}
		if (this.earlyRefreshBeta > 0 && remaining != Long.MAX_VALUE && refreshEarly(remaining)) {
			return new Read(Read.Freshness.EARLY, wrapper);
		}
		return new Read(Read.Freshness.FRESH, wrapper);
	}

	/**
	 * Reads an entry straight from Redis, for a check: no near cache, no statistics, no refresh.
	 * @param storeKey the entry's Redis key
	 * @param type the type to read the value as
	 * @return the value, {@code null} if there is no current entry
	 * @throws CacheUnavailableException if Redis cannot answer
	 */
	public ValueWrapper peek(String storeKey, JavaType type) {
		byte[] bytes = this.scope.store().get(storeKey);
		if (bytes == null) {
			return null;
		}
		StoredEntry entry = this.scope.entries().codec().decode(bytes);
		if (!current(entry, LOOK_UP_GENERATION)) {
			return null;
		}
		return new SimpleValueWrapper(entry.isNull() ? null
				: this.scope.entries().mapper().read(entry.buffer(), entry.offset(), entry.length(), type));
	}

	private long millis(long now) {
		return (now != READ_CLOCK) ? now : this.scope.clock().millis();
	}

	private boolean current(StoredEntry entry, long generation) {
		long current = (generation != LOOK_UP_GENERATION) ? generation
				: this.scope.metadata().generation(this.scope.segment());
		return entry.generation() == current && (entry.tags().length == 0
				|| Arrays.equals(entry.tagVersions(), this.scope.metadata().tagVersions(entry.tags())));
	}

	private boolean refreshEarly(long remainingMillis) {
		long delta = this.scope.statistics().recentLoadNanos();
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
			StoredEntry entry = this.scope.entries().codec().decode(bytes);
			if (entry.ttlMillis() <= 0) {
				return false;
			}
			long remaining = entry.writtenAtMillis() + entry.ttlMillis() - this.scope.clock().millis();
			return remaining < entry.ttlMillis() * fraction;
		}
		catch (RuntimeException ex) {
			return true;
		}
	}

}
