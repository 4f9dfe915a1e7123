package io.cachekit.cache.metadata;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Evictions that could not reach Redis, kept until they can be replayed: a missed eviction is stale data,
 * not a harmless miss. Memory is bounded: when a cache collects more key evictions than the limit they
 * collapse into one eviction of the whole cache, and too many tags collapse into evicting every cache
 * known.
 */
public final class PendingEvictions {

	/**
	 * One remembered eviction.
	 *
	 * @param kind what to evict
	 * @param cacheName the cache (for {@link Kind#KEY} and {@link Kind#CACHE})
	 * @param target the Redis key (for {@link Kind#KEY}) or the tag (for {@link Kind#TAG})
	 */
	public record Eviction(Kind kind, String cacheName, String target) {
	}

	/** The kinds of eviction. */
	public enum Kind {

		/** One entry. */
		KEY,
		/** Every entry of a cache. */
		CACHE,
		/** Every entry carrying a tag. */
		TAG

	}

	private final int limit;

	private final Map<String, Set<String>> keysByCache = new LinkedHashMap<>();

	private final Set<String> clearedCaches = new LinkedHashSet<>();

	private final Set<String> tags = new LinkedHashSet<>();

	private boolean everything;

	private volatile int size;

	/**
	 * Creates an empty memory.
	 * @param limit the most key or tag evictions kept before collapsing them
	 */
	public PendingEvictions(int limit) {
		this.limit = limit;
	}

	/**
	 * Remembers an eviction.
	 * @param eviction the eviction
	 */
	public synchronized void add(Eviction eviction) {
		switch (eviction.kind()) {
			case KEY -> {
				if (!this.clearedCaches.contains(eviction.cacheName())) {
					Set<String> keys = this.keysByCache.computeIfAbsent(eviction.cacheName(), (n) -> new LinkedHashSet<>());
					keys.add(eviction.target());
					if (keys.size() > this.limit) {
						this.keysByCache.remove(eviction.cacheName());
						this.clearedCaches.add(eviction.cacheName());
					}
				}
			}
			case CACHE -> {
				this.keysByCache.remove(eviction.cacheName());
				this.clearedCaches.add(eviction.cacheName());
			}
			case TAG -> {
				if (this.everything) {
					break;
				}
				this.tags.add(eviction.target());
				if (this.tags.size() > this.limit) {
					this.tags.clear();
					this.everything = true;
				}
			}
		}
		updateSize();
	}

	/**
	 * Whether nothing is pending (cheap, for the read path).
	 * @return {@code true} if nothing is pending
	 */
	public boolean isEmpty() {
		return this.size == 0;
	}

	/**
	 * Whether reads of a cache must not trust Redis yet.
	 * @param cacheName the cache
	 * @return {@code true} if an eviction affecting the cache is pending
	 */
	public synchronized boolean affects(String cacheName) {
		return this.everything || !this.tags.isEmpty() || this.clearedCaches.contains(cacheName)
				|| this.keysByCache.containsKey(cacheName);
	}

	/**
	 * Whether every cache must be evicted (too many tags were pending).
	 * @return the flag
	 */
	public synchronized boolean everything() {
		return this.everything;
	}

	/**
	 * How many evictions are pending.
	 * @return the count
	 */
	public int size() {
		return this.size;
	}

	/**
	 * Replays pending evictions in order (whole caches, keys, tags); stops at the first that fails and
	 * keeps it and the rest.
	 * @param apply applies one eviction and answers whether it succeeded
	 * @param allCaches the caches to clear when everything must be evicted
	 * @return whether everything was replayed
	 */
	public synchronized boolean replay(Predicate<Eviction> apply, List<String> allCaches) {
		if (this.everything) {
			for (String cache : allCaches) {
				if (!apply.test(new Eviction(Kind.CACHE, cache, null))) {
					return false;
				}
			}
			this.everything = false;
			this.clearedCaches.clear();
			this.keysByCache.clear();
		}
		for (String cache : new ArrayList<>(this.clearedCaches)) {
			if (!apply.test(new Eviction(Kind.CACHE, cache, null))) {
				updateSize();
				return false;
			}
			this.clearedCaches.remove(cache);
		}
		for (Map.Entry<String, Set<String>> entry : new ArrayList<>(this.keysByCache.entrySet())) {
			for (String key : new ArrayList<>(entry.getValue())) {
				if (!apply.test(new Eviction(Kind.KEY, entry.getKey(), key))) {
					updateSize();
					return false;
				}
				entry.getValue().remove(key);
			}
			this.keysByCache.remove(entry.getKey());
		}
		for (String tag : new ArrayList<>(this.tags)) {
			if (!apply.test(new Eviction(Kind.TAG, null, tag))) {
				updateSize();
				return false;
			}
			this.tags.remove(tag);
		}
		updateSize();
		return true;
	}

	private void updateSize() {
		int keys = 0;
		for (Set<String> set : this.keysByCache.values()) {
			keys += set.size();
		}
		this.size = keys + this.clearedCaches.size() + this.tags.size() + (this.everything ? 1 : 0);
	}

}
