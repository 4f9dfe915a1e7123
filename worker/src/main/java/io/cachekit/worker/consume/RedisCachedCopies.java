package io.cachekit.worker.consume;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RedissonClient;

import io.cachekit.keys.CachekitKeys;
import io.cachekit.writebehind.pending.WriteBehindCache.VersionedKey;

/**
 * The {@link CachedCopies} of applications that cache with cachekit in one namespace: a written-behind key of
 * type {@code users} and id {@code 9} is the entry {@code 9} of their cache {@code users}, whose Redis key does
 * not depend on the cache's generation. Each entry is unlinked together with its load lease, so that a load
 * that read MongoDB before the write cannot store its older value afterwards: one round trip per batch.
 */
public class RedisCachedCopies implements CachedCopies {

	private final RedissonClient redisson;

	private final CachekitKeys keys;

	private final long timeoutMillis;

	/**
	 * Creates the copies' view.
	 * @param redisson the applications' Redis
	 * @param keys the key layout of their namespace
	 * @param timeoutMillis the longest the round trip may take
	 */
	public RedisCachedCopies(RedissonClient redisson, CachekitKeys keys, long timeoutMillis) {
		this.redisson = redisson;
		this.keys = keys;
		this.timeoutMillis = timeoutMillis;
	}

	@Override
	public void evict(List<VersionedKey> persisted) {
		if (persisted.isEmpty()) {
			return;
		}
		RBatch deletes = this.redisson.createBatch(
				BatchOptions.defaults().responseTimeout(this.timeoutMillis, TimeUnit.MILLISECONDS).retryAttempts(1));
		for (VersionedKey key : persisted) {
			String entry = this.keys.entryKey(key.type(), key.id());
			deletes.getKeys().unlinkAsync(entry, CachekitKeys.leaseKey(entry));
		}
		deletes.execute();
	}

}
