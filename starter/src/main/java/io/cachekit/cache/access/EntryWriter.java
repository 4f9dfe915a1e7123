package io.cachekit.cache.access;

import java.time.Duration;

import org.springframework.cache.support.SimpleValueWrapper;

import io.cachekit.cache.guard.CacheUnavailableException;
import io.cachekit.cache.near.NearTier;

/**
 * Writes and evicts the entries of one cache. Every write takes the same path: the {@link TtlPolicy TTL},
 * the {@link Stamp} (the lease's, from before its load, or the current one), the encoding, then one of three
 * stores: completing a load only while its lease holds, overwriting (revoking any lease, so that loads in flight
 * cannot overwrite the new value), or only if absent. Writes never throw: a failure is counted, logged and
 * answered as {@link Outcome#FAILED}. Drops near copies after every overwrite and eviction, here and on other
 * instances.
 */
public final class EntryWriter {

	private static final String[] NO_TAGS = new String[0];

	private static final long[] NO_VERSIONS = new long[0];

	private final CacheScope scope;

	private final WritePolicy policy;

	private final String landingChannel;

	/**
	 * Creates the writer of one cache.
	 * @param scope the cache's collaborators
	 * @param policy how entries are written
	 * @param landingChannel where waiters for a load listen
	 */
	public EntryWriter(CacheScope scope, WritePolicy policy, String landingChannel) {
		this.scope = scope;
		this.policy = policy;
		this.landingChannel = landingChannel;
	}

	/**
	 * The lease a caller holds once it claimed an entry, stamped with the generation and tag versions before
	 * its load. When they cannot be read, the claim is given up and the lease cannot write: the caller loads
	 * without caching, since without the stamp a clear or tag eviction during the load could go unnoticed.
	 * @param key the user key
	 * @param storeKey the entry's Redis key
	 * @param token the claimed lease's token
	 * @param nearStamp the near-cache stamp taken before the claim
	 * @param invocation the call's type, TTL and tags
	 * @return the lease
	 */
	public Lease lease(Object key, String storeKey, String token, long nearStamp, CacheInvocation invocation) {
		try {
			return new Lease(key, storeKey, token, nearStamp, stamp(invocation));
		}
		catch (CacheUnavailableException ex) {
			this.scope.statistics().recordError();
			release(storeKey, token);
			return Lease.withoutWrite(key, storeKey, nearStamp);
		}
	}

	/**
	 * Gives up a lease, waking the callers waiting for it.
	 * @param storeKey the entry's Redis key
	 * @param token the lease's token
	 */
	public void release(String storeKey, String token) {
		this.scope.store().releaseQuietly(storeKey, token, this.landingChannel);
	}

	/**
	 * Completes a load: writes its value if the lease still holds (else the entry was evicted or overwritten
	 * meanwhile, and the value is dropped as stale); a {@code null} the cache does not keep releases the lease.
	 * @param lease the load's lease
	 * @param encodedKey the encoded key
	 * @param value the loaded value
	 * @param invocation the call's type, TTL and tags
	 * @return whether it was stored
	 */
	public boolean complete(Lease lease, String encodedKey, Object value, CacheInvocation invocation) {
		return lease.canWrite() && write(Mode.LEASED, encodedKey, lease.storeKey(), value, invocation, lease) == Outcome.STORED;
	}

	/**
	 * Writes a value whatever is there; a {@code null} the cache does not keep evicts the entry.
	 * @param encodedKey the encoded key
	 * @param storeKey the entry's Redis key
	 * @param value the value
	 * @param invocation the call's type, TTL and tags
	 * @return whether it was stored
	 */
	public boolean put(String encodedKey, String storeKey, Object value, CacheInvocation invocation) {
		return write(Mode.OVERWRITE, encodedKey, storeKey, value, invocation, null) == Outcome.STORED;
	}

	/**
	 * Writes a value unless an entry is present.
	 * @param encodedKey the encoded key
	 * @param storeKey the entry's Redis key
	 * @param value the value
	 * @param invocation the call's type, TTL and tags
	 * @return what happened; {@link Outcome#REJECTED} when an entry was present
	 */
	public Outcome putIfAbsent(String encodedKey, String storeKey, Object value, CacheInvocation invocation) {
		return write(Mode.IF_ABSENT, encodedKey, storeKey, value, invocation, null);
	}

	/**
	 * Evicts an entry, then drops its near copies.
	 * @param encodedKey the encoded key
	 * @param storeKey the entry's Redis key
	 * @return whether an entry was present
	 */
	public boolean evict(String encodedKey, String storeKey) {
		this.scope.statistics().recordEviction();
		try {
			return this.scope.invalidator().evictKey(this.scope.segment(), storeKey);
		}
		finally {
			// after Redis: an instance that drops its copy and reads again must not find the old value
			this.scope.near().drop(encodedKey);
		}
	}

	private Outcome write(Mode mode, String encodedKey, String storeKey, Object value, CacheInvocation invocation,
			Lease lease) {
		if (value == null && !this.policy.cacheNulls()) {
			switch (mode) {
				case LEASED -> release(storeKey, lease.token());
				case OVERWRITE -> evict(encodedKey, storeKey);
				case IF_ABSENT -> {
				}
			}
			return Outcome.SKIPPED;
		}
		Duration ttl = this.policy.ttl().ttlOf(value, invocation.ttl());
		Stamp stamp;
		byte[] encoded;
		try {
			// a load is stamped with the generation and tag versions from before it read the database, so that
			// a clear or a tag eviction during the load makes the entry a miss rather than a stale hit
			stamp = (lease != null) ? lease.stamp() : stamp(invocation);
			byte[] json = (value != null) ? this.scope.entries().mapper().write(value, invocation.type()) : null;
			encoded = this.scope.entries().codec()
				.encode(json, stamp.generation(), this.scope.clock().millis(), (ttl != null) ? ttl.toMillis() : 0, stamp.tags(),
						stamp.versions(), this.policy.compressionThreshold());
		}
		catch (CacheUnavailableException ex) {
			this.scope.statistics().recordError();
			return Outcome.FAILED;
		}
		catch (RuntimeException ex) {
			this.scope.statistics().recordError();
			this.scope.store().guard()
				.log()
				.warn("serialize-" + this.scope.name(),
						"cachekit could not serialize a value for cache '" + this.scope.name() + "'; it is not cached", ex);
			return Outcome.FAILED;
		}
		Duration storeTtl = (ttl != null && this.policy.staleTtl() != null && value != null)
				? ttl.plus(this.policy.staleTtl()) : ttl;
		try {
			Outcome outcome = store(mode, encodedKey, storeKey, encoded, storeTtl, lease);
			if (outcome == Outcome.STORED && mode == Mode.LEASED) {
				// a load is kept only if nothing invalidated the entry since before it read the database; a put
				// is not kept: the next read takes it from Redis, so racing puts cannot leave the loser's value
				this.scope.near().keep(lease.key(), encodedKey,
						new NearTier.Copy(new SimpleValueWrapper(value), invocation.type(), stamp.tags(), stamp.versions()),
						lease.nearStamp(), (ttl != null) ? ttl : this.policy.nearTtl());
			}
			return outcome;
		}
		catch (CacheUnavailableException ex) {
			return Outcome.FAILED;
		}
	}

	private Outcome store(Mode mode, String encodedKey, String storeKey, byte[] encoded, Duration ttl, Lease lease) {
		switch (mode) {
			case LEASED -> {
				if (this.scope.store().setIfLeased(storeKey, encoded, ttl, lease.token(), this.landingChannel)) {
					this.scope.statistics().recordPut();
					return Outcome.STORED;
				}
				this.scope.statistics().recordStaleSetRejected();
				return Outcome.REJECTED;
			}
			case OVERWRITE -> {
				try {
					this.scope.store().set(storeKey, encoded, ttl, this.policy.revokesLeases(), this.landingChannel);
				}
				finally {
					// after Redis, as for evictions; also when the write failed, since it may have landed
					this.scope.near().drop(encodedKey);
				}
				this.scope.statistics().recordPut();
				return Outcome.STORED;
			}
			default -> {
				if (!this.scope.store().setIfAbsent(storeKey, encoded, ttl)) {
					return Outcome.REJECTED;
				}
				this.scope.statistics().recordPut();
				this.scope.near().drop(encodedKey);
				return Outcome.STORED;
			}
		}
	}

	/**
	 * The current generation of the cache and versions of the call's tags.
	 * @param invocation the call, whose tags are evaluated now
	 * @return the stamp
	 * @throws CacheUnavailableException if they are unknown and Redis cannot answer
	 */
	public Stamp stamp(CacheInvocation invocation) {
		String[] tags = invocation.evaluateTags();
		long generation = this.scope.metadata().generation(this.scope.segment());
		return (tags.length > 0) ? new Stamp(generation, tags, this.scope.metadata().tagVersions(tags))
				: new Stamp(generation, NO_TAGS, NO_VERSIONS);
	}

	private enum Mode {

		LEASED, OVERWRITE, IF_ABSENT

	}

	/** What a write did. */
	public enum Outcome {

		/** The value is in Redis. */
		STORED,
		/** Not written: the lease was lost, or an entry was present. */
		REJECTED,
		/** Not written: a {@code null} the cache does not keep. */
		SKIPPED,
		/** Not written: Redis did not answer or the value could not be serialized. */
		FAILED

	}

	/**
	 * How a cache writes entries.
	 *
	 * @param ttl the TTL policy
	 * @param cacheNulls whether {@code null} is cached
	 * @param staleTtl how long an expired entry stays to be served stale, {@code null} for not at all
	 * @param compressionThreshold the JSON size from which values are compressed, 0 for never
	 * @param revokesLeases whether a put revokes the entry's lease (with single-flight loads)
	 * @param nearTtl the near copies' TTL for entries without one
	 */
	public record WritePolicy(TtlPolicy ttl, boolean cacheNulls, Duration staleTtl, int compressionThreshold,
			boolean revokesLeases, Duration nearTtl) {
	}

}
