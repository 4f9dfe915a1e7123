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

	private static final LuaScript END_LEASE = LuaScript.load(RedisLeaseStore.class, "end_lease.lua");

	private static final byte[] ANY_HOLDER = new byte[0];

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
		return endLease(key, "set", bytes(token), landingChannel, "write to", ttlBytes(ttl), value);
	}

	@Override
	public void releaseLease(String key, String token, String landingChannel) {
		endLease(key, "release", bytes(token), landingChannel, "release a lease in");
	}

	@Override
	public void setAndRevokeLease(String key, byte[] value, Duration ttl, String landingChannel) {
		endLease(key, "set", ANY_HOLDER, landingChannel, "write to", ttlBytes(ttl), value);
	}

	@Override
	public boolean deleteAndRevokeLease(String key, String landingChannel) {
		return endLease(key, "delete", ANY_HOLDER, landingChannel, "evict from");
	}

	/** One script for every way a lease ends: write, give up or delete, as its holder or over any holder. */
	private boolean endLease(String key, String action, byte[] token, String landingChannel, String what,
			byte[]... value) {
		Object[] arguments = new Object[3 + value.length];
		arguments[0] = bytes(landingChannel);
		arguments[1] = token;
		arguments[2] = bytes(action);
		System.arraycopy(value, 0, arguments, 3, value.length);
		return eval(key, END_LEASE, RScript.ReturnType.BOOLEAN, what, arguments);
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
