package io.cachekit.cache.store;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;

import io.cachekit.redis.LuaScript;

/**
 * The lease protocol in Redis: each operation is one Lua script over an entry, its lease key and its waiter
 * flag, which share the entry's hash slot.
 */
public class RedisLeaseStore implements LeaseStore {

	private static final LuaScript CLAIM_LOAD = LuaScript.load(RedisLeaseStore.class, "claim_load.lua");

	private static final LuaScript CLAIM_REFRESH = LuaScript.load(RedisLeaseStore.class, "claim_refresh.lua");

	private static final LuaScript SET_IF_LEASED = LuaScript.load(RedisLeaseStore.class, "set_if_leased.lua");

	private static final LuaScript RELEASE_LEASE = LuaScript.load(RedisLeaseStore.class, "release_lease.lua");

	private static final LuaScript SET_AND_REVOKE = LuaScript.load(RedisLeaseStore.class, "set_and_revoke.lua");

	private static final LuaScript DELETE_AND_REVOKE = LuaScript.load(RedisLeaseStore.class,
			"delete_and_revoke.lua");

	private final RedisCalls calls;

	/**
	 * Creates the store.
	 * @param redisson the client
	 * @param timeout the timeout of each command
	 */
	public RedisLeaseStore(RedissonClient redisson, Duration timeout) {
		this(new RedisCalls(redisson, timeout));
	}

	RedisLeaseStore(RedisCalls calls) {
		this.calls = calls;
	}

	@Override
	public LoadClaim claimLoad(String key, String token, Duration leaseTime) {
		byte[] answer = eval(key, CLAIM_LOAD, RScript.ReturnType.VALUE, "claim a load in", bytes(token),
				bytes(leaseTime.toMillis()));
		return switch (answer[0]) {
			case 'V' -> LoadClaim.found(Arrays.copyOfRange(answer, 1, answer.length));
			case 'L' -> LoadClaim.LEASED;
			default -> LoadClaim.BUSY;
		};
	}

	@Override
	public boolean claimRefresh(String key, String token, Duration leaseTime) {
		return eval(key, CLAIM_REFRESH, RScript.ReturnType.BOOLEAN, "claim a refresh in", bytes(token),
				bytes(leaseTime.toMillis()));
	}

	@Override
	public boolean setIfLeased(String key, byte[] value, Duration ttl, String token, String landingChannel) {
		return eval(key, SET_IF_LEASED, RScript.ReturnType.BOOLEAN, "write to", bytes(landingChannel), bytes(token),
				ttlBytes(ttl), value);
	}

	@Override
	public void releaseLease(String key, String token, String landingChannel) {
		eval(key, RELEASE_LEASE, RScript.ReturnType.BOOLEAN, "release a lease in", bytes(landingChannel), bytes(token));
	}

	@Override
	public void setAndRevokeLease(String key, byte[] value, Duration ttl, String landingChannel) {
		eval(key, SET_AND_REVOKE, RScript.ReturnType.BOOLEAN, "write to", bytes(landingChannel), ttlBytes(ttl), value);
	}

	@Override
	public boolean deleteAndRevokeLease(String key, String landingChannel) {
		return eval(key, DELETE_AND_REVOKE, RScript.ReturnType.BOOLEAN, "evict from", bytes(landingChannel));
	}

	private <T> T eval(String key, LuaScript script, RScript.ReturnType type, String what, Object... arguments) {
		return this.calls.await(this.calls.script(ByteArrayCodec.INSTANCE)
			.<T>evalAsync(key, RScript.Mode.READ_WRITE, script.source(), type,
					List.of(key, LeaseStore.leaseKey(key), LeaseStore.waiterKey(key)), arguments), what);
	}

	private static byte[] ttlBytes(Duration ttl) {
		return bytes((ttl != null) ? ttl.toMillis() : 0);
	}

	private static byte[] bytes(Object value) {
		return String.valueOf(value).getBytes(StandardCharsets.UTF_8);
	}

}
