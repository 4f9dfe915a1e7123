package io.cachekit.cache.metadata;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.cachekit.cache.guard.CacheGuard;
import io.cachekit.cache.guard.CacheUnavailableException;
import io.cachekit.cache.store.CacheStore;
import io.cachekit.keys.CachekitKeys;

/**
 * This instance's view of cache generations and tag versions, so that a hit costs one Redis round trip:
 * values are loaded on first use, re-read at most once per refresh interval (by one caller while the
 * others keep using the current value), updated at once by this instance's own evictions and marked stale
 * by other instances' eviction events. A view is therefore never older than the refresh interval, and
 * normally only as old as a pub/sub message.
 * <p>
 * Generations and tag versions are random tokens ({@link CacheStore#tokens}), not counters: when Redis loses
 * one (a flush, a restart, an eviction, a failover), the next read creates a new token that no entry was
 * written under, so entries from before become misses and never come back as hits.
 */
public final class CacheMetadata {

	private static final String GENERATION_EVENT = "g:";

	private static final String TAG_EVENT = "t:";

	private final CacheStore store;

	private final CacheGuard guard;

	private final CachekitKeys keys;

	private final long refreshNanos;

	private final Duration tagRetention;

	private final Map<String, Counter> generations = new ConcurrentHashMap<>();

	private final Cache<String, Counter> tagVersions;

	/**
	 * Creates the view.
	 * @param store the store the counters live in
	 * @param guard the guard for Redis calls
	 * @param keys the key layout
	 * @param refresh how old a value may get before it is read again
	 * @param maxTags how many tag versions to keep locally
	 * @param tagRetention how long a tag version is kept in Redis after its last read or change, {@code null}
	 * for ever
	 */
	public CacheMetadata(CacheStore store, CacheGuard guard, CachekitKeys keys, Duration refresh, int maxTags,
			Duration tagRetention) {
		this.store = store;
		this.guard = guard;
		this.keys = keys;
		this.refreshNanos = refresh.toNanos();
		this.tagRetention = tagRetention;
		this.tagVersions = Caffeine.newBuilder().maximumSize(maxTags).build();
	}

	/**
	 * The current generation of a cache.
	 * @param cacheSegment the encoded cache name
	 * @return the generation
	 * @throws CacheUnavailableException if it is unknown and Redis cannot answer
	 */
	public long generation(String cacheSegment) {
		Counter counter = this.generations.get(cacheSegment);
		if (counter == null) {
			long value = load(this.keys.generationKey(cacheSegment));
			counter = this.generations.computeIfAbsent(cacheSegment, (k) -> new Counter(value));
		}
		else if (counter.isStale(this.refreshNanos) && counter.refreshing.compareAndSet(false, true)) {
			try {
				counter.update(load(this.keys.generationKey(cacheSegment)));
			}
			catch (CacheUnavailableException ex) {
				if (counter.isExpired()) {
					throw ex;
				}
			}
			finally {
				counter.refreshing.set(false);
			}
		}
		else if (counter.isExpired()) {
			throw CacheUnavailableException.REFUSED;
		}
		return counter.value;
	}

	/**
	 * The current versions of tags.
	 * @param tags the tags
	 * @return their versions, in the same order
	 * @throws CacheUnavailableException if some are unknown or stale and Redis cannot answer
	 */
	public long[] tagVersions(String[] tags) {
		long[] versions = new long[tags.length];
		List<Integer> toLoad = null;
		for (int i = 0; i < tags.length; i++) {
			Counter counter = this.tagVersions.getIfPresent(tags[i]);
			if (counter == null || counter.isStale(this.refreshNanos)) {
				if (toLoad == null) {
					toLoad = new ArrayList<>(tags.length);
				}
				toLoad.add(i);
			}
			else {
				versions[i] = counter.value;
			}
		}
		if (toLoad != null) {
			List<String> counterKeys = new ArrayList<>(toLoad.size());
			for (int index : toLoad) {
				counterKeys.add(this.keys.tagKey(tags[index]));
			}
			long[] loaded = this.guard.call("read tag versions from",
					() -> this.store.tokens(counterKeys, this.tagRetention));
			for (int i = 0; i < loaded.length; i++) {
				int index = toLoad.get(i);
				versions[index] = loaded[i];
				this.tagVersions.put(tags[index], new Counter(loaded[i]));
			}
		}
		return versions;
	}

	/**
	 * The versions of tags as this instance holds them, without calling Redis: for a caller that must not
	 * block, such as a near-cache hit on a reactive thread.
	 * @param tags the tags
	 * @return their versions, in the same order, or {@code null} if one of them is not held or is older than
	 * the refresh interval ({@link #tagVersions} would read it from Redis)
	 */
	public long[] heldTagVersions(String[] tags) {
		long[] versions = new long[tags.length];
		for (int i = 0; i < tags.length; i++) {
			Counter counter = this.tagVersions.getIfPresent(tags[i]);
			if (counter == null || counter.isStale(this.refreshNanos)) {
				return null;
			}
			versions[i] = counter.value;
		}
		return versions;
	}

	private long load(String counterKey) {
		return this.guard.call("read a generation from", () -> this.store.tokens(List.of(counterKey), null))[0];
	}

	/**
	 * Records a generation this instance has just written.
	 * @param cacheSegment the encoded cache name
	 * @param generation the new generation
	 */
	public void generationChanged(String cacheSegment, long generation) {
		this.generations.computeIfAbsent(cacheSegment, (k) -> new Counter(generation)).update(generation);
	}

	/**
	 * Records a tag version this instance has just written.
	 * @param tag the tag
	 * @param version the new version
	 */
	public void tagChanged(String tag, long version) {
		this.tagVersions.put(tag, new Counter(version));
	}

	/**
	 * The event announcing a generation change, for other instances.
	 * @param cacheSegment the encoded cache name
	 * @return the event
	 */
	public static String generationEvent(String cacheSegment) {
		return GENERATION_EVENT + cacheSegment;
	}

	/**
	 * The event announcing a tag version change, for other instances.
	 * @param tag the tag
	 * @return the event
	 */
	public static String tagEvent(String tag) {
		return TAG_EVENT + tag;
	}

	/**
	 * Handles an event of another instance: the named value is read again on next use.
	 * @param event the event
	 */
	public void onEvent(String event) {
		if (event.startsWith(GENERATION_EVENT)) {
			Counter counter = this.generations.get(event.substring(GENERATION_EVENT.length()));
			if (counter != null) {
				counter.expire();
			}
		}
		else if (event.startsWith(TAG_EVENT)) {
			this.tagVersions.invalidate(event.substring(TAG_EVENT.length()));
		}
	}

	private static final class Counter {

		volatile long value;

		volatile long loadedAt;

		final AtomicBoolean refreshing = new AtomicBoolean();

		Counter(long value) {
			this.value = value;
			this.loadedAt = System.nanoTime();
		}

		void update(long newValue) {
			this.value = newValue;
			this.loadedAt = System.nanoTime();
		}

		boolean isStale(long refreshNanos) {
			long loaded = this.loadedAt;
			return loaded == Long.MIN_VALUE || System.nanoTime() - loaded > refreshNanos;
		}

		boolean isExpired() {
			return this.loadedAt == Long.MIN_VALUE;
		}

		void expire() {
			this.loadedAt = Long.MIN_VALUE;
		}

	}

}
