package io.cachekit.cache.store;

import org.redisson.api.RedissonClient;

/**
 * How {@link RedisCacheStore} lets concurrent reads of entries share Redis commands: while
 * {@code maxInFlight} reads are on the wire, further reads queue and go out together as one {@code MGET}
 * (per cluster slot) of at most {@code maxBatch} keys. A lone read is sent at once, so coalescing adds no
 * latency; it only saves commands when threads read at the same time.
 * <p>
 * On Redis Cluster, distinct keys rarely share a slot, so batches hardly form while the in-flight limit
 * still holds reads back: {@link #defaultsFor(RedissonClient)} turns coalescing off there.
 *
 * @param maxInFlight how many read commands may be on the wire at once; 0 turns coalescing off
 * @param maxBatch how many keys one command carries at most
 */
public record ReadCoalescing(int maxInFlight, int maxBatch) {

	/** Every read is its own {@code GET}. */
	public static final ReadCoalescing DISABLED = new ReadCoalescing(0, 1);

	/**
	 * Checks the arguments.
	 */
	public ReadCoalescing {
		if (maxInFlight < 0) {
			throw new IllegalArgumentException("maxInFlight must not be negative, was " + maxInFlight);
		}
		if (maxBatch < 1) {
			throw new IllegalArgumentException("maxBatch must be at least 1, was " + maxBatch);
		}
	}

	/**
	 * The defaults: four read commands on the wire, up to 64 keys per command. With one master the four
	 * are pipelined on one connection; measured at eight threads, four was ahead of one and level with two
	 * (see {@code docs/benchmarks/read-coalescing.md}).
	 * @return the defaults
	 */
	public static ReadCoalescing defaults() {
		return new ReadCoalescing(4, 64);
	}

	/**
	 * The defaults for a client: {@link #defaults()} for one master (standalone, sentinel, replicated),
	 * {@link #DISABLED} for Redis Cluster.
	 * @param redisson the client
	 * @return the settings
	 */
	public static ReadCoalescing defaultsFor(RedissonClient redisson) {
		return isCluster(redisson) ? DISABLED : defaults();
	}

	/**
	 * Whether a client talks to Redis Cluster.
	 * @param redisson the client
	 * @return {@code true} for a cluster configuration
	 */
	public static boolean isCluster(RedissonClient redisson) {
		try {
			return redisson.getConfig().isClusterConfig();
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	/**
	 * Whether reads are coalesced at all.
	 * @return {@code false} for {@link #DISABLED}
	 */
	public boolean enabled() {
		return this.maxInFlight > 0;
	}

}
