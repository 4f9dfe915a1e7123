package io.cachekit.writebehind;

import org.redisson.api.RedissonClient;

/**
 * A {@link VersionSequence} backed by Redis {@code INCR} on a per-key counter.
 */
public class RedissonVersionSequence implements VersionSequence {

	private final RedissonClient redisson;

	private final WriteBehindKeys keys;

	/**
	 * Creates a sequence.
	 * @param redisson the Redis client
	 * @param keys the key layout
	 */
	public RedissonVersionSequence(RedissonClient redisson, WriteBehindKeys keys) {
		this.redisson = redisson;
		this.keys = keys;
	}

	@Override
	public long next(String type, String id) {
		return this.redisson.getAtomicLong(this.keys.version(type, id)).incrementAndGet();
	}

}
