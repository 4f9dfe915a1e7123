package io.cachekit.cache.metadata;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.cachekit.cache.guard.CacheGuard;
import io.cachekit.cache.guard.CacheUnavailableException;
import io.cachekit.cache.metadata.PendingEvictions.Eviction;
import io.cachekit.cache.metadata.PendingEvictions.Kind;
import io.cachekit.cache.store.CacheStore;
import io.cachekit.keys.CachekitKeys;

/**
 * Applies every invalidation of a namespace: one key ({@code UNLINK}, revoking any load lease on it), a whole
 * cache (its generation is replaced by a new random token, O(1) whatever its size) or a tag (its version is
 * replaced likewise, O(1)). Generation and tag
 * changes update this instance's {@link CacheMetadata} at once and are announced to the other instances.
 * <p>
 * An invalidation that cannot reach Redis never throws: it is remembered in {@link PendingEvictions},
 * reads of the affected caches bypass Redis until it has been applied, and a background task replays it
 * as soon as the circuit breaker lets calls through again. Optionally, the entries of replaced generations
 * are deleted in the background with {@code SCAN} and a script that unlinks the entries of other generations,
 * in bounded batches.
 */
public final class CacheInvalidator implements AutoCloseable {

	private static final int CLEANUP_BATCH = 500;

	private final CacheStore store;

	private final CacheGuard guard;

	private final CachekitKeys keys;

	private final CacheMetadata metadata;

	private final PendingEvictions pending;

	private final Duration tagRetention;

	private final boolean cleanupOldGenerations;

	private final Supplier<List<String>> cacheSegments;

	private final ScheduledExecutorService executor;

	/**
	 * Creates the invalidator and starts its replay task.
	 * @param store the store
	 * @param guard the guard for Redis calls
	 * @param keys the key layout
	 * @param metadata the local view of generations and tags
	 * @param pending the memory of failed evictions
	 * @param tagRetention how long a tag version is kept after its last read or change
	 * @param cleanupOldGenerations whether to delete a replaced generation's entries in the background
	 * @param cacheSegments the encoded names of every cache, for collapsed evictions
	 * @param replayInterval how often pending evictions are retried
	 */
	public CacheInvalidator(CacheStore store, CacheGuard guard, CachekitKeys keys, CacheMetadata metadata,
			PendingEvictions pending, Duration tagRetention, boolean cleanupOldGenerations,
			Supplier<List<String>> cacheSegments, Duration replayInterval) {
		this.store = store;
		this.guard = guard;
		this.keys = keys;
		this.metadata = metadata;
		this.pending = pending;
		this.tagRetention = tagRetention;
		this.cleanupOldGenerations = cleanupOldGenerations;
		this.cacheSegments = cacheSegments;
		this.executor = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "cachekit-invalidator");
			thread.setDaemon(true);
			return thread;
		});
		long interval = replayInterval.toMillis();
		this.executor.scheduleWithFixedDelay(this::replayQuietly, interval, interval, TimeUnit.MILLISECONDS);
	}

	/**
	 * Subscribes to other instances' invalidation events.
	 */
	public void subscribe() {
		try {
			this.store.subscribe(this.keys.eventsChannel(), this.metadata::onEvent);
		}
		catch (RuntimeException ex) {
			this.guard.log().warn("redis-subscribe", "cachekit could not subscribe to invalidation events", ex);
		}
	}

	/**
	 * Deletes one entry.
	 * @param cacheSegment the encoded cache name
	 * @param storeKey the entry's Redis key
	 * @return whether the entry existed; {@code false} if the eviction is pending
	 */
	public boolean evictKey(String cacheSegment, String storeKey) {
		return apply(new Eviction(Kind.KEY, cacheSegment, storeKey));
	}

	/**
	 * Invalidates every entry of a cache by moving it to a new generation.
	 * @param cacheSegment the encoded cache name
	 */
	public void clear(String cacheSegment) {
		apply(new Eviction(Kind.CACHE, cacheSegment, null));
	}

	/**
	 * Invalidates every entry carrying a tag.
	 * @param tag the tag
	 */
	public void evictTag(String tag) {
		apply(new Eviction(Kind.TAG, null, tag));
	}

	private boolean apply(Eviction eviction) {
		if (!this.pending.isEmpty()) {
			replayQuietly();
		}
		try {
			return execute(eviction);
		}
		catch (CacheUnavailableException ex) {
			this.pending.add(eviction);
			return false;
		}
	}

	private boolean execute(Eviction eviction) {
		switch (eviction.kind()) {
			case KEY -> {
				return this.guard.call("evict a key in",
						() -> this.store.deleteAndRevokeLease(eviction.target(), this.keys.landingChannel()));
			}
			case CACHE -> {
				String segment = eviction.cacheName();
				CacheStore.TokenChange generation = this.guard.call("clear a cache in",
						() -> this.store.replaceToken(this.keys.generationKey(segment), null));
				this.metadata.generationChanged(segment, generation.current());
				announce(CacheMetadata.generationEvent(segment));
				if (this.cleanupOldGenerations) {
					this.executor.execute(() -> deleteOlderGenerations(segment, generation.current()));
				}
				return true;
			}
			case TAG -> {
				CacheStore.TokenChange version = this.guard.call("evict a tag in",
						() -> this.store.replaceToken(this.keys.tagKey(eviction.target()), this.tagRetention));
				this.metadata.tagChanged(eviction.target(), version.current());
				announce(CacheMetadata.tagEvent(eviction.target()));
				return true;
			}
		}
		throw new IllegalStateException("Unknown eviction " + eviction);
	}

	private void announce(String event) {
		try {
			this.guard.call("publish an invalidation event to", () -> {
				this.store.publish(this.keys.eventsChannel(), event);
				return null;
			});
		}
		catch (CacheUnavailableException ex) {
			// other instances catch up within the metadata refresh interval
		}
	}

	private void deleteOlderGenerations(String segment, long generation) {
		try {
			this.guard.call("clean up an old generation in",
					() -> this.store.deleteOtherGenerations(this.keys.entryPrefix(segment) + "*", generation,
							CLEANUP_BATCH));
		}
		catch (CacheUnavailableException ex) {
			// entries expire by their TTL anyway
		}
	}

	/**
	 * Whether reads of a cache must bypass Redis because an eviction affecting it is still pending. Tries
	 * to replay pending evictions first.
	 * @param cacheSegment the encoded cache name
	 * @return {@code true} to treat the read as a miss
	 */
	public boolean mustBypass(String cacheSegment) {
		if (this.pending.isEmpty()) {
			return false;
		}
		replayQuietly();
		return !this.pending.isEmpty() && this.pending.affects(cacheSegment);
	}

	/**
	 * How many evictions wait to be replayed.
	 * @return the count
	 */
	public int pendingCount() {
		return this.pending.size();
	}

	/**
	 * Replays pending evictions now.
	 * @return whether none is left
	 */
	public boolean replay() {
		if (this.pending.isEmpty()) {
			return true;
		}
		return this.pending.replay((eviction) -> {
			try {
				execute(eviction);
				return true;
			}
			catch (CacheUnavailableException ex) {
				return false;
			}
		}, this.cacheSegments.get());
	}

	private void replayQuietly() {
		try {
			replay();
		}
		catch (RuntimeException ex) {
			this.guard.log().warn("replay", "cachekit could not replay pending evictions", ex);
		}
	}

	@Override
	public void close() {
		this.executor.shutdownNow();
	}

}
