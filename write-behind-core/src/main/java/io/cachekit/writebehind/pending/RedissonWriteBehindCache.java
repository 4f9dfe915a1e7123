package io.cachekit.writebehind.pending;

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

import io.cachekit.keys.CachekitKeys;
import io.cachekit.redis.LuaScript;
import io.cachekit.redis.RedisWait;

/**
 * A {@link WriteBehindCache} over Redis hashes laid out by {@link WriteBehindKeys}. Each operation is one
 * Lua script, so the version check and the write are atomic. Operations on one key (those on request paths)
 * wait at most the timeout, or less when the caller's {@link RedisWait} says so, without retries;
 * {@link #releaseAll} (the worker's, once per batch) waits up to ten times as long.
 */
public class RedissonWriteBehindCache implements WriteBehindCache {

	private static final LuaScript PIN = LuaScript.load(RedissonWriteBehindCache.class, "pin.lua");

	private static final LuaScript PIN_DROP_COPY = LuaScript.load(RedissonWriteBehindCache.class, "pin_drop_copy.lua");

	private static final LuaScript RELEASE = LuaScript.load(RedissonWriteBehindCache.class, "release.lua");

	private static final LuaScript EVICT = LuaScript.load(RedissonWriteBehindCache.class, "evict.lua");

	private final RedissonClient redisson;

	private final WriteBehindKeys keys;

	private final Duration pinnedTtl;

	private final Duration persistedTtl;

	private final Duration timeout;

	private final RedisWait wait;

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
		this(redisson, keys, pinnedTtl, persistedTtl, timeout, RedisWait.TIMEOUT);
	}

	/**
	 * Creates a cache whose callers wait as the given strategy says, e.g. within a request's budget.
	 * @param redisson the Redis client
	 * @param keys the key layout
	 * @param pinnedTtl safety-net expiry of an unpersisted entry, zero for none
	 * @param persistedTtl expiry of an entry once persisted
	 * @param timeout the longest a call on one key may take
	 * @param wait how callers wait for a call
	 */
	public RedissonWriteBehindCache(RedissonClient redisson, WriteBehindKeys keys, Duration pinnedTtl,
			Duration persistedTtl, Duration timeout, RedisWait wait) {
		this.wait = wait;
		this.redisson = redisson;
		this.keys = keys;
		this.pinnedTtl = pinnedTtl;
		this.persistedTtl = persistedTtl;
		this.timeout = timeout;
	}

	@Override
	public boolean pin(String type, String id, long version, String json) {
		Long written = await(script().<Long>evalAsync(key(type, id), RScript.Mode.READ_WRITE, PIN.source(),
				RScript.ReturnType.LONG, List.<Object>of(key(type, id)), String.valueOf(version), json,
				String.valueOf(this.pinnedTtl.toMillis())), "pin a write-behind entry in");
		return written != null && written == 1L;
	}

	/**
	 * Pins and drops the cached copy in one script, where the copy is the one of this layout (same namespace):
	 * then the entry, the copy and its lease share a hash slot ({@link WriteBehindKeys}). Otherwise it only pins.
	 */
	@Override
	public Pinned pinDroppingCachedCopy(String type, String id, long version, String json, String cachedCopy) {
		String copy = this.keys.cachedCopy(type, id);
		if (!copy.equals(cachedCopy)) {
			return new Pinned(pin(type, id, version, json), false);
		}
		Long answer = await(script().<Long>evalAsync(key(type, id), RScript.Mode.READ_WRITE, PIN_DROP_COPY.source(),
				RScript.ReturnType.LONG,
				List.<Object>of(key(type, id), copy, CachekitKeys.leaseKey(copy), CachekitKeys.waiterKey(copy)),
				String.valueOf(version), json, String.valueOf(this.pinnedTtl.toMillis()),
				this.keys.keys().landingChannel()), "pin a write-behind entry in");
		return new Pinned(answer != null && answer >= 2, true);
	}

	@Override
	public boolean release(String type, String id, long version) {
		Long released = await(script().<Long>evalAsync(key(type, id), RScript.Mode.READ_WRITE, RELEASE.source(),
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
			script.evalAsync(key(key.type(), key.id()), RScript.Mode.READ_WRITE, RELEASE.source(), RScript.ReturnType.LONG,
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
		await(script().<Long>evalAsync(key(type, id), RScript.Mode.READ_WRITE, EVICT.source(), RScript.ReturnType.LONG,
				List.<Object>of(key(type, id)), String.valueOf(version),
				String.valueOf((version == Long.MAX_VALUE) ? 0 : this.persistedTtl.toMillis())),
				"evict a write-behind entry from");
	}

	@Override
	public Entry get(String type, String id) {
		Map<String, String> hash = await(this.redisson
			.<String, String>getMap(MapOptions.<String, String>name(key(type, id))
				.codec(StringCodec.INSTANCE)
				.timeout(this.timeout)
				.retryAttempts(0))
			.readAllMapAsync(), "read a write-behind entry from");
		if (!hash.containsKey("version") || !hash.containsKey("value")) {
			return null;
		}
		return new Entry(Long.parseLong(hash.get("version")), hash.get("value"), hash.containsKey("pinned"));
	}

	private RScript script() {
		return this.redisson.getScript(
				OptionalOptions.defaults().codec(StringCodec.INSTANCE).timeout(this.timeout).retryAttempts(0));
	}

	private <T> T await(CompletionStage<T> call, String what) {
		return this.wait.await(call, this.timeout, what);
	}

	private String key(String type, String id) {
		return this.keys.entry(type, id);
	}

}
