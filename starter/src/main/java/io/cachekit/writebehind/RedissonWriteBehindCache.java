package io.cachekit.writebehind;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.redisson.api.RBatch;
import org.redisson.api.RScript;
import org.redisson.api.RScriptAsync;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * A {@link WriteBehindCache} over Redis hashes laid out by {@link WriteBehindKeys}. Each operation is one
 * Lua script, so the version check and the write are atomic.
 */
public class RedissonWriteBehindCache implements WriteBehindCache {

	private static final String PIN = """
			local current = redis.call('HGET', KEYS[1], 'version')
			if current and tonumber(current) >= tonumber(ARGV[1]) then return 0 end
			redis.call('HSET', KEYS[1], 'version', ARGV[1], 'value', ARGV[2], 'pinned', '1')
			if tonumber(ARGV[3]) > 0 then redis.call('PEXPIRE', KEYS[1], ARGV[3]) else redis.call('PERSIST', KEYS[1]) end
			return 1
			""";

	private static final String RELEASE = """
			local current = redis.call('HGET', KEYS[1], 'version')
			if not current or tonumber(current) > tonumber(ARGV[1]) then return 0 end
			if tonumber(current) < tonumber(ARGV[1]) then return redis.call('DEL', KEYS[1]) end
			redis.call('HDEL', KEYS[1], 'pinned')
			redis.call('PEXPIRE', KEYS[1], ARGV[2])
			return 1
			""";

	private static final String EVICT = """
			local current = redis.call('HGET', KEYS[1], 'version')
			if current and tonumber(current) > tonumber(ARGV[1]) then return 0 end
			return redis.call('DEL', KEYS[1])
			""";

	private final RedissonClient redisson;

	private final WriteBehindKeys keys;

	private final Duration pinnedTtl;

	private final Duration persistedTtl;

	/**
	 * Creates a cache.
	 * @param redisson the Redis client
	 * @param keys the key layout
	 * @param pinnedTtl safety-net expiry of an unpersisted entry, zero for none
	 * @param persistedTtl expiry of an entry once persisted
	 */
	public RedissonWriteBehindCache(RedissonClient redisson, WriteBehindKeys keys, Duration pinnedTtl,
			Duration persistedTtl) {
		this.redisson = redisson;
		this.keys = keys;
		this.pinnedTtl = pinnedTtl;
		this.persistedTtl = persistedTtl;
	}

	@Override
	public boolean pin(String type, String id, long version, String json) {
		Long written = script().eval(key(type, id), RScript.Mode.READ_WRITE, PIN, RScript.ReturnType.LONG,
				List.<Object>of(key(type, id)), String.valueOf(version), json, String.valueOf(this.pinnedTtl.toMillis()));
		return written != null && written == 1L;
	}

	@Override
	public void release(String type, String id, long version) {
		script().eval(key(type, id), RScript.Mode.READ_WRITE, RELEASE, RScript.ReturnType.LONG,
				List.<Object>of(key(type, id)), String.valueOf(version), String.valueOf(this.persistedTtl.toMillis()));
	}

	@Override
	public void releaseAll(Collection<VersionedKey> persisted) {
		if (persisted.isEmpty()) {
			return;
		}
		RBatch batch = this.redisson.createBatch();
		RScriptAsync script = batch.getScript(StringCodec.INSTANCE);
		for (VersionedKey key : persisted) {
			script.evalAsync(key(key.type(), key.id()), RScript.Mode.READ_WRITE, RELEASE, RScript.ReturnType.LONG,
					List.<Object>of(key(key.type(), key.id())), String.valueOf(key.version()),
					String.valueOf(this.persistedTtl.toMillis()));
		}
		batch.execute();
	}

	@Override
	public void evict(String type, String id, long version) {
		script().eval(key(type, id), RScript.Mode.READ_WRITE, EVICT, RScript.ReturnType.LONG, List.<Object>of(key(type, id)),
				String.valueOf(version));
	}

	@Override
	public Entry get(String type, String id) {
		Map<String, String> hash = this.redisson.<String, String>getMap(key(type, id), StringCodec.INSTANCE)
			.readAllMap();
		if (hash.isEmpty() || !hash.containsKey("version")) {
			return null;
		}
		return new Entry(Long.parseLong(hash.get("version")), hash.get("value"), hash.containsKey("pinned"));
	}

	private RScript script() {
		return this.redisson.getScript(StringCodec.INSTANCE);
	}

	private String key(String type, String id) {
		return this.keys.entry(type, id);
	}

}
