package io.cachekit.writebehind;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RScript;
import org.redisson.api.RScriptAsync;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.MapOptions;
import org.redisson.api.options.OptionalOptions;
import org.redisson.client.codec.StringCodec;

import io.cachekit.resilience.RedisDeadline;

/**
 * A {@link WriteBehindCache} over Redis hashes laid out by {@link WriteBehindKeys}. Each operation is one
 * Lua script, so the version check and the write are atomic. Operations on one key (those on request paths)
 * wait at most the timeout, or less when the caller's {@link RedisDeadline} comes first, without retries;
 * {@link #releaseAll} (the worker's, once per batch) waits up to ten times as long.
 */
public class RedissonWriteBehindCache implements WriteBehindCache {

	/** Compares versions as decimal strings, exactly: Lua numbers are doubles and lose precision above 2^53. */
	private static final String OLDER = """
			local function older(a, b)
				if #a ~= #b then return #a < #b end
				return a < b
			end
			""";

	private static final String PIN = OLDER + """
			local current = redis.call('HGET', KEYS[1], 'version')
			if current and not older(current, ARGV[1]) then return 0 end
			redis.call('HSET', KEYS[1], 'version', ARGV[1], 'value', ARGV[2], 'pinned', '1')
			if tonumber(ARGV[3]) > 0 then redis.call('PEXPIRE', KEYS[1], ARGV[3]) else redis.call('PERSIST', KEYS[1]) end
			return 1
			""";

	/** 1: unpinned; 0: a newer version is pinned; -1: the pin of this version is gone (lost or never written). */
	private static final String RELEASE = OLDER + """
			local current = redis.call('HGET', KEYS[1], 'version')
			if not current then return -1 end
			if older(ARGV[1], current) then return 0 end
			if older(current, ARGV[1]) then
				redis.call('DEL', KEYS[1])
				return -1
			end
			redis.call('HDEL', KEYS[1], 'pinned')
			redis.call('PEXPIRE', KEYS[1], ARGV[2])
			return 1
			""";

	private static final String EVICT = OLDER + """
			local current = redis.call('HGET', KEYS[1], 'version')
			if current and older(ARGV[1], current) then return 0 end
			return redis.call('DEL', KEYS[1])
			""";

	private final RedissonClient redisson;

	private final WriteBehindKeys keys;

	private final Duration pinnedTtl;

	private final Duration persistedTtl;

	private final Duration timeout;

	/**
	 * Creates a cache whose calls wait at most 250 ms.
	 * @param redisson the Redis client
	 * @param keys the key layout
	 * @param pinnedTtl safety-net expiry of an unpersisted entry, zero for none
	 * @param persistedTtl expiry of an entry once persisted
	 */
	public RedissonWriteBehindCache(RedissonClient redisson, WriteBehindKeys keys, Duration pinnedTtl,
			Duration persistedTtl) {
		this(redisson, keys, pinnedTtl, persistedTtl, Duration.ofMillis(250));
	}

	/**
	 * Creates a cache.
	 * @param redisson the Redis client
	 * @param keys the key layout
	 * @param pinnedTtl safety-net expiry of an unpersisted entry, zero for none
	 * @param persistedTtl expiry of an entry once persisted
	 * @param timeout the longest a call on one key may take
	 */
	public RedissonWriteBehindCache(RedissonClient redisson, WriteBehindKeys keys, Duration pinnedTtl,
			Duration persistedTtl, Duration timeout) {
		this.redisson = redisson;
		this.keys = keys;
		this.pinnedTtl = pinnedTtl;
		this.persistedTtl = persistedTtl;
		this.timeout = timeout;
	}

	@Override
	public boolean pin(String type, String id, long version, String json) {
		Long written = await(script().<Long>evalAsync(key(type, id), RScript.Mode.READ_WRITE, PIN,
				RScript.ReturnType.LONG, List.<Object>of(key(type, id)), String.valueOf(version), json,
				String.valueOf(this.pinnedTtl.toMillis())), "pin a write-behind entry in");
		return written != null && written == 1L;
	}

	@Override
	public boolean release(String type, String id, long version) {
		Long released = await(script().<Long>evalAsync(key(type, id), RScript.Mode.READ_WRITE, RELEASE,
				RScript.ReturnType.LONG, List.<Object>of(key(type, id)), String.valueOf(version),
				String.valueOf(this.persistedTtl.toMillis())), "release a write-behind entry in");
		return released == null || released >= 0;
	}

	@Override
	public List<VersionedKey> releaseAll(Collection<VersionedKey> persisted) {
		if (persisted.isEmpty()) {
			return List.of();
		}
		RBatch batch = this.redisson.createBatch(BatchOptions.defaults()
			.responseTimeout(this.timeout.toMillis() * 10, TimeUnit.MILLISECONDS));
		RScriptAsync script = batch.getScript(StringCodec.INSTANCE);
		List<VersionedKey> keys = List.copyOf(persisted);
		for (VersionedKey key : keys) {
			script.evalAsync(key(key.type(), key.id()), RScript.Mode.READ_WRITE, RELEASE, RScript.ReturnType.LONG,
					List.<Object>of(key(key.type(), key.id())), String.valueOf(key.version()),
					String.valueOf(this.persistedTtl.toMillis()));
		}
		List<?> answers = batch.execute().getResponses();
		List<VersionedKey> unpinned = new ArrayList<>();
		for (int i = 0; i < keys.size(); i++) {
			if (answers.get(i) instanceof Number answer && answer.longValue() < 0) {
				unpinned.add(keys.get(i));
			}
		}
		return unpinned;
	}

	@Override
	public void evict(String type, String id, long version) {
		await(script().<Long>evalAsync(key(type, id), RScript.Mode.READ_WRITE, EVICT, RScript.ReturnType.LONG,
				List.<Object>of(key(type, id)), String.valueOf(version)), "evict a write-behind entry from");
	}

	@Override
	public Entry get(String type, String id) {
		Map<String, String> hash = await(this.redisson
			.<String, String>getMap(MapOptions.<String, String>name(key(type, id))
				.codec(StringCodec.INSTANCE)
				.timeout(this.timeout)
				.retryAttempts(0))
			.readAllMapAsync(), "read a write-behind entry from");
		if (hash.isEmpty() || !hash.containsKey("version")) {
			return null;
		}
		return new Entry(Long.parseLong(hash.get("version")), hash.get("value"), hash.containsKey("pinned"));
	}

	private RScript script() {
		return this.redisson.getScript(
				OptionalOptions.defaults().codec(StringCodec.INSTANCE).timeout(this.timeout).retryAttempts(0));
	}

	private <T> T await(CompletionStage<T> call, String what) {
		return RedisDeadline.await(call, this.timeout, what);
	}

	private String key(String type, String id) {
		return this.keys.entry(type, id);
	}

}
