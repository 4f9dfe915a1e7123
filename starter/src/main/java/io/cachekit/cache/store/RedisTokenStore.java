package io.cachekit.cache.store;

import java.time.Duration;
import java.util.List;

import org.redisson.api.BatchOptions;
import org.redisson.api.BatchResult;
import org.redisson.api.RBatch;
import org.redisson.api.RScript;
import org.redisson.api.RScriptAsync;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisException;
import org.redisson.client.codec.StringCodec;
import org.redisson.connection.MasterSlaveEntry;

import io.cachekit.redis.LuaScript;
import io.cachekit.resilience.RedisDeadline;

/**
 * Metadata tokens in Redis, one string key each, read-or-created and replaced by script. A replacement is
 * confirmed by a replica ({@code WAIT}) when the master has one, so a failover cannot bring back the token it
 * replaced.
 */
public class RedisTokenStore implements TokenStore {

	private static final LuaScript TOKEN_GET_OR_CREATE = LuaScript.load(RedisTokenStore.class,
			"token_get_or_create.lua");

	private static final LuaScript TOKEN_REPLACE = LuaScript.load(RedisTokenStore.class, "token_replace.lua");

	private final RedisCalls calls;

	/**
	 * Creates the store.
	 * @param redisson the client
	 * @param timeout the timeout of each command
	 */
	public RedisTokenStore(RedissonClient redisson, Duration timeout) {
		this(new RedisCalls(redisson, timeout));
	}

	RedisTokenStore(RedisCalls calls) {
		this.calls = calls;
	}

	@Override
	public long[] tokens(List<String> keys, Duration retention) {
		String retentionMillis = retentionMillis(retention);
		long[] values = new long[keys.size()];
		if (keys.size() == 1) {
			values[0] = parse(this.calls.await(this.calls.script(StringCodec.INSTANCE)
				.evalAsync(keys.get(0), RScript.Mode.READ_WRITE, TOKEN_GET_OR_CREATE.source(), RScript.ReturnType.VALUE,
						List.of(keys.get(0)), String.valueOf(TokenStore.newToken()), retentionMillis),
					"read tokens from"));
			return values;
		}
		RBatch batch = this.calls.batch(this.calls.timeout.toMillis());
		RScriptAsync script = batch.getScript(StringCodec.INSTANCE);
		for (String key : keys) {
			script.evalAsync(key, RScript.Mode.READ_WRITE, TOKEN_GET_OR_CREATE.source(), RScript.ReturnType.VALUE,
					List.of(key), String.valueOf(TokenStore.newToken()), retentionMillis);
		}
		List<?> answers = this.calls.await(batch.executeAsync(), "read tokens from").getResponses();
		for (int i = 0; i < values.length; i++) {
			values[i] = parse(answers.get(i));
		}
		return values;
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * When the master has replicas, the change is confirmed by one of them ({@code WAIT}) before it counts as
	 * done: a failover to a replica that missed it would bring back the previous token and the entries written
	 * under it. Without a confirmation within the timeout this throws, and the invalidation is remembered and
	 * replayed as for any failed one. A master with no replica connected (though the client still counts one)
	 * has nobody to wait for.
	 */
	@Override
	public TokenChange replaceToken(String key, Duration retention) {
		long token = TokenStore.newToken();
		if (availableReplicas(key) == 0) {
			List<?> answer = this.calls.await(this.calls.script(StringCodec.INSTANCE)
				.<List<?>>evalAsync(key, RScript.Mode.READ_WRITE, TOKEN_REPLACE.source(), RScript.ReturnType.LIST,
						List.of(key), String.valueOf(token), retentionMillis(retention)),
					"replace a token in");
			return new TokenChange(parse(answer.get(0)), token);
		}
		RBatch batch = this.calls.redisson.createBatch(BatchOptions.defaults()
			.responseTimeout(this.calls.timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
			.retryAttempts(0)
			.sync(1, this.calls.timeout));
		batch.getScript(StringCodec.INSTANCE)
			.evalAsync(key, RScript.Mode.READ_WRITE, TOKEN_REPLACE.source(), RScript.ReturnType.LIST, List.of(key),
					String.valueOf(token), retentionMillis(retention));
		BatchResult<?> result = RedisDeadline.await(batch.executeAsync(), this.calls.timeout.multipliedBy(2),
				"replace a token in");
		List<?> answer = (List<?>) result.getResponses().get(0);
		long connectedReplicas = (answer.get(1) instanceof Number number) ? number.longValue() : 0;
		if (result.getSyncedSlaves() < 1 && connectedReplicas > 0) {
			throw new RedisException("No replica confirmed the new token of " + key + " within "
					+ this.calls.timeout.toMillis() + " ms; a failover now would bring back the previous one");
		}
		return new TokenChange(parse(answer.get(0)), token);
	}

	private int availableReplicas(String key) {
		// a single server counts itself among the nodes that serve reads; it has no replica to wait for
		if (this.calls.executor == null || this.calls.redisson.getConfig().isSingleConfig()) {
			return 0;
		}
		MasterSlaveEntry entry = this.calls.executor.getConnectionManager().getEntry(key);
		return (entry != null) ? entry.getAvailableSlaves() : 0;
	}

	private static String retentionMillis(Duration retention) {
		return String.valueOf((retention != null) ? retention.toMillis() : 0);
	}

	private static long parse(Object value) {
		if (value == null || value.toString().isEmpty()) {
			return 0;
		}
		try {
			return Long.parseLong(value.toString());
		}
		catch (NumberFormatException ex) {
			// not a token (e.g. a counter of an older version that someone overwrote): treated as none
			return 0;
		}
	}

}
