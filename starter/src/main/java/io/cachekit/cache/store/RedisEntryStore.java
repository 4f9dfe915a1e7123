package io.cachekit.cache.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.redisson.api.RBatch;
import org.redisson.api.RKeys;
import org.redisson.api.RScript;
import org.redisson.api.RScriptAsync;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.KeysOptions;
import org.redisson.api.options.KeysScanOptions;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.protocol.RedisCommands;

import io.cachekit.redis.LuaScript;

/**
 * Entries in Redis: one string key per entry written with {@code PSETEX}, read with {@code GET} (coalesced
 * into {@code MGET}s under concurrency, see {@link CoalescingReader}), and cleanup with {@code SCAN} and
 * {@code UNLINK} in bounded batches.
 */
public class RedisEntryStore implements EntryStore, AutoCloseable {

	private static final LuaScript UNLINK_OTHER_GENERATION = LuaScript.load(RedisEntryStore.class,
			"unlink_other_generation.lua");

	/** The most keys one multi-key read asks for. */
	private static final int MULTI_READ_CHUNK = 500;

	private final RedisCalls calls;

	/** Whether keys live on several masters, so that a multi-key read is split by slot. */
	private final boolean cluster;

	private final ReadCoalescing coalescing;

	private final CoalescingReader reader;

	/**
	 * Creates the store.
	 * @param redisson the client
	 * @param timeout the timeout of each command
	 * @param coalescing how concurrent reads share commands
	 */
	public RedisEntryStore(RedissonClient redisson, Duration timeout, ReadCoalescing coalescing) {
		this(new RedisCalls(redisson, timeout), coalescing);
	}

	RedisEntryStore(RedisCalls calls, ReadCoalescing coalescing) {
		this.calls = calls;
		this.cluster = calls.redisson.getConfig().isClusterConfig();
		this.coalescing = (calls.executor != null) ? coalescing : ReadCoalescing.DISABLED;
		this.reader = (calls.executor != null && coalescing.enabled()) ? new CoalescingReader(calls.executor,
				calls.timeout, coalescing.maxInFlight(), coalescing.maxBatch()) : null;
	}

	/**
	 * How concurrent reads share commands; {@link ReadCoalescing#DISABLED} when the client is not a
	 * {@code Redisson} instance.
	 * @return the coalescing settings in effect
	 */
	public ReadCoalescing readCoalescing() {
		return this.coalescing;
	}

	/**
	 * Gives the connection coalesced reads are pipelined on back to Redisson's pool; the client itself stays
	 * open. Reads after this go through Redisson's command executor.
	 */
	@Override
	public void close() {
		if (this.reader != null) {
			this.reader.close();
		}
	}

	@Override
	public byte[] get(String key) {
		if (this.reader != null) {
			return this.reader.get(key);
		}
		if (this.calls.executor != null) {
			return this.calls.await(
					this.calls.executor.<Object, byte[]>readAsync(key, ByteArrayCodec.INSTANCE, RedisCommands.GET, key),
					"read from");
		}
		return this.calls.await(this.calls.bucket(key).getAsync(), "read from");
	}

	@Override
	public List<byte[]> getAll(List<String> keys) {
		if (keys.size() > MULTI_READ_CHUNK) {
			// bounded commands: a huge id list never makes one reply that outlasts the timeout
			List<byte[]> values = new ArrayList<>(keys.size());
			for (int from = 0; from < keys.size(); from += MULTI_READ_CHUNK) {
				values.addAll(getAll(keys.subList(from, Math.min(keys.size(), from + MULTI_READ_CHUNK))));
			}
			return values;
		}
		if (keys.isEmpty()) {
			return List.of();
		}
		if (this.calls.executor != null && !this.cluster) {
			// one MGET on the one master, pipelined on the coalescing reader's held connection when there is one;
			// the keys go as bytes, encoded here rather than on the event loop
			Object[] params = new Object[keys.size()];
			for (int i = 0; i < params.length; i++) {
				params[i] = keys.get(i).getBytes(StandardCharsets.UTF_8);
			}
			List<Object> reply = this.calls.await((this.reader != null) ? this.reader.readAll(keys.get(0), params)
					: this.calls.executor.<List<Object>, List<Object>>readAsync(keys.get(0), ByteArrayCodec.INSTANCE,
							RedisCommands.MGET, params),
					"read from");
			// already in the order of the keys, each a byte[] or null (ByteArrayCodec)
			@SuppressWarnings("unchecked")
			List<byte[]> values = (List<byte[]>) (List<?>) reply;
			return values;
		}
		// a cluster: Redisson sends one MGET per slot
		Map<String, byte[]> found = this.calls.await(this.calls.buckets().getAsync(keys.toArray(String[]::new)),
				"read from");
		List<byte[]> values = new ArrayList<>(keys.size());
		for (String key : keys) {
			values.add(found.get(key));
		}
		return values;
	}

	@Override
	public void set(String key, byte[] value, Duration ttl) {
		if (ttl != null && this.calls.executor != null) {
			this.calls.await(this.calls.executor.<Void, Void>writeAsync(key, ByteArrayCodec.INSTANCE,
					RedisCommands.PSETEX, key, ttl.toMillis(), value), "write to");
		}
		else if (ttl != null) {
			this.calls.await(this.calls.bucket(key).setAsync(value, ttl), "write to");
		}
		else {
			this.calls.await(this.calls.bucket(key).setAsync(value), "write to");
		}
	}

	@Override
	public boolean setIfAbsent(String key, byte[] value, Duration ttl) {
		return this.calls.await((ttl != null) ? this.calls.bucket(key).setIfAbsentAsync(value, ttl)
				: this.calls.bucket(key).setIfAbsentAsync(value), "write to");
	}

	@Override
	public boolean delete(String key) {
		return this.calls.await(this.calls.bucket(key).unlinkAsync(), "delete from");
	}

	@Override
	public long deleteMatching(String pattern, int batchSize) {
		RKeys keys = keys();
		return forEachBatch(keys, pattern, batchSize, (batch) -> keys.unlink(batch.toArray(String[]::new)));
	}

	@Override
	public long deleteOtherGenerations(String pattern, long generation, int batchSize) {
		byte[] kept = ByteBuffer.allocate(Long.BYTES).putLong(generation).array();
		return forEachBatch(keys(), pattern, batchSize, (batch) -> unlinkOtherGenerations(batch, kept));
	}

	private RKeys keys() {
		return this.calls.redisson.getKeys(KeysOptions.defaults().timeout(this.calls.timeout).retryAttempts(0));
	}

	/** Scans the entries matching a pattern, never metadata, and hands them on in batches. */
	private static long forEachBatch(RKeys keys, String pattern, int batchSize, BatchDelete delete) {
		long deleted = 0;
		List<String> batch = new ArrayList<>(batchSize);
		for (String key : keys.getKeys(KeysScanOptions.defaults().pattern(pattern).chunkSize(batchSize))) {
			if (!EntryStore.isMetadataKey(key)) {
				batch.add(key);
			}
			if (batch.size() == batchSize) {
				deleted += delete.delete(batch);
				batch.clear();
			}
		}
		if (!batch.isEmpty()) {
			deleted += delete.delete(batch);
		}
		return deleted;
	}

	/** One script per key (they may live in different cluster slots), sent as one batch. */
	private long unlinkOtherGenerations(List<String> keys, byte[] kept) {
		RBatch batch = this.calls.batch(this.calls.timeout.toMillis() * 4);
		RScriptAsync script = batch.getScript(ByteArrayCodec.INSTANCE);
		for (String key : keys) {
			script.evalAsync(key, RScript.Mode.READ_WRITE, UNLINK_OTHER_GENERATION.source(), RScript.ReturnType.LONG,
					List.of(key), kept);
		}
		long deleted = 0;
		for (Object answer : batch.execute().getResponses()) {
			deleted += (answer instanceof Number number) ? number.longValue() : 0;
		}
		return deleted;
	}

	@Override
	public long remainingTtlMillis(String key) {
		return this.calls.await(this.calls.bucket(key).remainTimeToLiveAsync(), "read a TTL from");
	}

	@Override
	public boolean expire(String key, Duration ttl) {
		return this.calls.await(this.calls.bucket(key).expireAsync(ttl), "set a TTL in");
	}

	@Override
	public boolean persist(String key) {
		return this.calls.await(this.calls.bucket(key).clearExpireAsync(), "clear a TTL in");
	}

	@FunctionalInterface
	private interface BatchDelete {

		long delete(List<String> keys);

	}

}
