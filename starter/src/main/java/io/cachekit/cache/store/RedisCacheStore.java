package io.cachekit.cache.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.redisson.Redisson;
import org.redisson.api.BatchOptions;
import org.redisson.api.BatchResult;
import org.redisson.api.RBatch;
import org.redisson.api.RBucket;
import org.redisson.api.RScript;
import org.redisson.api.RScriptAsync;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.KeysOptions;
import org.redisson.api.options.KeysScanOptions;
import org.redisson.api.options.ObjectParams;
import org.redisson.api.options.OptionalOptions;
import org.redisson.api.options.PlainOptions;
import org.redisson.client.RedisException;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.codec.StringCodec;
import org.redisson.client.protocol.RedisCommands;
import org.redisson.command.CommandAsyncExecutor;
import org.redisson.connection.MasterSlaveEntry;

import io.cachekit.resilience.RedisDeadline;
import io.cachekit.support.LuaScript;

/**
 * The Redis tier over Redisson: one string key per entry written with {@code PSETEX}, metadata tokens by
 * script, cleanup with {@code SCAN} + {@code UNLINK}, events over pub/sub. Every command runs with
 * the given timeout and no retries, and the caller waits for it at most that long, or less when its
 * {@link RedisDeadline request deadline} comes first: a slow, absent or hung Redis costs at most the timeout
 * per call.
 * <p>
 * Reads and writes of entries, the hot path, go straight to Redisson's command executor when the client
 * is a {@link Redisson} instance: creating an {@code RBucket} per key costs about a quarter of the
 * throughput of a hit with 8 threads (measured in {@code CachekitReadBenchmark}).
 */
public class RedisCacheStore implements CacheStore, AutoCloseable {

	private static final LuaScript TOKEN_GET_OR_CREATE = LuaScript.load(RedisCacheStore.class,
			"token_get_or_create.lua");

	private static final LuaScript TOKEN_REPLACE = LuaScript.load(RedisCacheStore.class, "token_replace.lua");

	private static final LuaScript UNLINK_OTHER_GENERATION = LuaScript.load(RedisCacheStore.class,
			"unlink_other_generation.lua");

	/** Value, lease or wait: answers with a leading marker byte, then the value if found. */
	private static final String CLAIM_LOAD_SCRIPT = "local v = redis.call('GET', KEYS[1]) "
			+ "if v then return 'V' .. v end "
			+ "if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then return 'L' end "
			+ "redis.call('SET', KEYS[3], '1', 'PX', ARGV[2]) return 'W'";

	private static final String CLAIM_REFRESH_SCRIPT = "if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then "
			+ "return 1 end redis.call('SET', KEYS[3], '1', 'PX', ARGV[2]) return 0";

	private static final String WAKE = "if redis.call('DEL', KEYS[3]) == 1 then redis.call('PUBLISH', ARGV[1], KEYS[1]) end ";

	private static final String SET_IF_LEASED_SCRIPT = "if redis.call('GET', KEYS[2]) ~= ARGV[2] then return 0 end "
			+ "if ARGV[3] == '0' then redis.call('SET', KEYS[1], ARGV[4]) "
			+ "else redis.call('SET', KEYS[1], ARGV[4], 'PX', ARGV[3]) end "
			+ "redis.call('DEL', KEYS[2]) " + WAKE + "return 1";

	private static final String SET_AND_REVOKE_SCRIPT = "if ARGV[2] == '0' then redis.call('SET', KEYS[1], ARGV[3]) "
			+ "else redis.call('SET', KEYS[1], ARGV[3], 'PX', ARGV[2]) end "
			+ "redis.call('DEL', KEYS[2]) " + WAKE + "return 1";

	private static final String RELEASE_SCRIPT = "if redis.call('GET', KEYS[2]) ~= ARGV[2] then return 0 end "
			+ "redis.call('DEL', KEYS[2]) " + WAKE + "return 1";

	private static final String DELETE_AND_REVOKE_SCRIPT = "local n = redis.call('UNLINK', KEYS[1]) "
			+ "redis.call('DEL', KEYS[2]) " + WAKE + "return n";

	private final RedissonClient redisson;

	private final Duration timeout;

	private final CommandAsyncExecutor executor;

	private final ReadCoalescing coalescing;

	private final CoalescingReader reader;

	/**
	 * Creates the store.
	 * @param redisson the client
	 * @param timeout the timeout of each command
	 */
	public RedisCacheStore(RedissonClient redisson, Duration timeout) {
		this(redisson, timeout, ReadCoalescing.defaultsFor(redisson));
	}

	/**
	 * Creates the store.
	 * @param redisson the client
	 * @param timeout the timeout of each command
	 * @param coalescing how concurrent reads of entries share commands
	 */
	public RedisCacheStore(RedissonClient redisson, Duration timeout, ReadCoalescing coalescing) {
		this.redisson = redisson;
		this.timeout = timeout;
		this.executor = (redisson instanceof Redisson client) ? client.getCommandExecutor()
			.copy((ObjectParams) PlainOptions.name("cachekit").timeout(timeout).retryAttempts(0)) : null;
		this.coalescing = (this.executor != null) ? coalescing : ReadCoalescing.DISABLED;
		this.reader = (this.executor != null && coalescing.enabled())
				? new CoalescingReader(this.executor, timeout, coalescing.maxInFlight(), coalescing.maxBatch()) : null;
	}

	/**
	 * How concurrent reads share commands; {@link ReadCoalescing#DISABLED} when the client is not a
	 * {@link Redisson} instance.
	 * @return the coalescing settings in effect
	 */
	public ReadCoalescing readCoalescing() {
		return this.coalescing;
	}

	/**
	 * Gives the connection coalesced reads are pipelined on back to Redisson's pool; the client itself
	 * stays open. Reads after this go through Redisson's command executor.
	 */
	@Override
	public void close() {
		if (this.reader != null) {
			this.reader.close();
		}
	}

	private RBucket<byte[]> bucket(String key) {
		return this.redisson.getBucket(
				PlainOptions.name(key).codec(ByteArrayCodec.INSTANCE).timeout(this.timeout).retryAttempts(0));
	}

	@Override
	public byte[] get(String key) {
		if (this.reader != null) {
			return this.reader.get(key);
		}
		if (this.executor != null) {
			return await(this.executor.<Object, byte[]>readAsync(key, ByteArrayCodec.INSTANCE, RedisCommands.GET, key),
					"read from");
		}
		return await(bucket(key).getAsync(), "read from");
	}

	@Override
	public void set(String key, byte[] value, Duration ttl) {
		if (ttl != null && this.executor != null) {
			await(this.executor.<Void, Void>writeAsync(key, ByteArrayCodec.INSTANCE, RedisCommands.PSETEX, key,
					ttl.toMillis(), value), "write to");
		}
		else if (ttl != null) {
			await(bucket(key).setAsync(value, ttl), "write to");
		}
		else {
			await(bucket(key).setAsync(value), "write to");
		}
	}

	@Override
	public boolean setIfAbsent(String key, byte[] value, Duration ttl) {
		return await((ttl != null) ? bucket(key).setIfAbsentAsync(value, ttl) : bucket(key).setIfAbsentAsync(value),
				"write to");
	}

	@Override
	public boolean delete(String key) {
		return await(bucket(key).unlinkAsync(), "delete from");
	}

	@Override
	public long deleteMatching(String pattern, int batchSize) {
		var keys = this.redisson.getKeys(KeysOptions.defaults().timeout(this.timeout).retryAttempts(0));
		long deleted = 0;
		List<String> batch = new ArrayList<>(batchSize);
		for (String key : keys.getKeys(KeysScanOptions.defaults().pattern(pattern).chunkSize(batchSize))) {
			if (CacheStore.isMetadataKey(key)) {
				continue;
			}
			batch.add(key);
			if (batch.size() == batchSize) {
				deleted += keys.unlink(batch.toArray(String[]::new));
				batch.clear();
			}
		}
		if (!batch.isEmpty()) {
			deleted += keys.unlink(batch.toArray(String[]::new));
		}
		return deleted;
	}

	@Override
	public long deleteOtherGenerations(String pattern, long generation, int batchSize) {
		var keys = this.redisson.getKeys(KeysOptions.defaults().timeout(this.timeout).retryAttempts(0));
		byte[] kept = ByteBuffer.allocate(Long.BYTES).putLong(generation).array();
		long deleted = 0;
		List<String> batch = new ArrayList<>(batchSize);
		for (String key : keys.getKeys(KeysScanOptions.defaults().pattern(pattern).chunkSize(batchSize))) {
			if (!CacheStore.isMetadataKey(key)) {
				batch.add(key);
			}
			if (batch.size() == batchSize) {
				deleted += unlinkOtherGenerations(batch, kept);
				batch.clear();
			}
		}
		if (!batch.isEmpty()) {
			deleted += unlinkOtherGenerations(batch, kept);
		}
		return deleted;
	}

	/** One script per key (they may live in different cluster slots), sent as one batch. */
	private long unlinkOtherGenerations(List<String> keys, byte[] kept) {
		RBatch batch = this.redisson.createBatch(BatchOptions.defaults()
			.responseTimeout(this.timeout.toMillis() * 4, TimeUnit.MILLISECONDS)
			.retryAttempts(0));
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
		return await(bucket(key).remainTimeToLiveAsync(), "read a TTL from");
	}

	@Override
	public boolean expire(String key, Duration ttl) {
		return await(bucket(key).expireAsync(ttl), "set a TTL in");
	}

	@Override
	public boolean persist(String key) {
		return await(bucket(key).clearExpireAsync(), "clear a TTL in");
	}

	@Override
	public long[] tokens(List<String> keys, Duration retention) {
		String retentionMillis = String.valueOf((retention != null) ? retention.toMillis() : 0);
		long[] values = new long[keys.size()];
		if (keys.size() == 1) {
			values[0] = parse(await(stringScript().evalAsync(keys.get(0), RScript.Mode.READ_WRITE,
					TOKEN_GET_OR_CREATE.source(), RScript.ReturnType.VALUE, List.of(keys.get(0)),
					String.valueOf(CacheStore.newToken()), retentionMillis), "read tokens from"));
			return values;
		}
		RBatch batch = this.redisson.createBatch(BatchOptions.defaults()
			.responseTimeout(this.timeout.toMillis(), TimeUnit.MILLISECONDS)
			.retryAttempts(0));
		RScriptAsync script = batch.getScript(StringCodec.INSTANCE);
		for (String key : keys) {
			script.evalAsync(key, RScript.Mode.READ_WRITE, TOKEN_GET_OR_CREATE.source(), RScript.ReturnType.VALUE,
					List.of(key), String.valueOf(CacheStore.newToken()), retentionMillis);
		}
		List<?> answers = await(batch.executeAsync(), "read tokens from").getResponses();
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
		long token = CacheStore.newToken();
		String retentionMillis = String.valueOf((retention != null) ? retention.toMillis() : 0);
		if (availableReplicas(key) == 0) {
			List<?> answer = await(stringScript().<List<?>>evalAsync(key, RScript.Mode.READ_WRITE,
					TOKEN_REPLACE.source(), RScript.ReturnType.LIST, List.of(key), String.valueOf(token),
					retentionMillis), "replace a token in");
			return new TokenChange(parse(answer.get(0)), token);
		}
		RBatch batch = this.redisson.createBatch(BatchOptions.defaults()
			.responseTimeout(this.timeout.toMillis(), TimeUnit.MILLISECONDS)
			.retryAttempts(0)
			.sync(1, this.timeout));
		batch.getScript(StringCodec.INSTANCE)
			.evalAsync(key, RScript.Mode.READ_WRITE, TOKEN_REPLACE.source(), RScript.ReturnType.LIST, List.of(key),
					String.valueOf(token), retentionMillis);
		BatchResult<?> result = RedisDeadline.await(batch.executeAsync(), this.timeout.multipliedBy(2),
				"replace a token in");
		List<?> answer = (List<?>) result.getResponses().get(0);
		long connectedReplicas = (answer.get(1) instanceof Number number) ? number.longValue() : 0;
		if (result.getSyncedSlaves() < 1 && connectedReplicas > 0) {
			throw new RedisException("No replica confirmed the new token of " + key + " within " + this.timeout.toMillis()
					+ " ms; a failover now would bring back the previous one");
		}
		return new TokenChange(parse(answer.get(0)), token);
	}

	private int availableReplicas(String key) {
		// a single server counts itself among the nodes that serve reads; it has no replica to wait for
		if (this.executor == null || this.redisson.getConfig().isSingleConfig()) {
			return 0;
		}
		MasterSlaveEntry entry = this.executor.getConnectionManager().getEntry(key);
		return (entry != null) ? entry.getAvailableSlaves() : 0;
	}

	private RScript stringScript() {
		return this.redisson.getScript(
				OptionalOptions.defaults().codec(StringCodec.INSTANCE).timeout(this.timeout).retryAttempts(0));
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

	@Override
	public LoadClaim claimLoad(String key, String token, Duration leaseTime) {
		byte[] answer = await(script().<byte[]>evalAsync(key, RScript.Mode.READ_WRITE, CLAIM_LOAD_SCRIPT,
				RScript.ReturnType.VALUE, leaseKeys(key), bytes(token), bytes(leaseTime.toMillis())), "claim a load in");
		return switch (answer[0]) {
			case 'V' -> LoadClaim.found(Arrays.copyOfRange(answer, 1, answer.length));
			case 'L' -> LoadClaim.LEASED;
			default -> LoadClaim.BUSY;
		};
	}

	@Override
	public boolean claimRefresh(String key, String token, Duration leaseTime) {
		return await(script().<Boolean>evalAsync(key, RScript.Mode.READ_WRITE, CLAIM_REFRESH_SCRIPT,
				RScript.ReturnType.BOOLEAN, leaseKeys(key), bytes(token), bytes(leaseTime.toMillis())), "claim a refresh in");
	}

	@Override
	public boolean setIfLeased(String key, byte[] value, Duration ttl, String token, String landingChannel) {
		return await(script().<Boolean>evalAsync(key, RScript.Mode.READ_WRITE, SET_IF_LEASED_SCRIPT,
				RScript.ReturnType.BOOLEAN, leaseKeys(key), bytes(landingChannel), bytes(token),
				bytes((ttl != null) ? ttl.toMillis() : 0), value), "write to");
	}

	@Override
	public void releaseLease(String key, String token, String landingChannel) {
		await(script().<Boolean>evalAsync(key, RScript.Mode.READ_WRITE, RELEASE_SCRIPT, RScript.ReturnType.BOOLEAN,
				leaseKeys(key), bytes(landingChannel), bytes(token)), "release a lease in");
	}

	@Override
	public void setAndRevokeLease(String key, byte[] value, Duration ttl, String landingChannel) {
		await(script().<Boolean>evalAsync(key, RScript.Mode.READ_WRITE, SET_AND_REVOKE_SCRIPT,
				RScript.ReturnType.BOOLEAN, leaseKeys(key), bytes(landingChannel),
				bytes((ttl != null) ? ttl.toMillis() : 0), value), "write to");
	}

	@Override
	public boolean deleteAndRevokeLease(String key, String landingChannel) {
		return await(script().<Boolean>evalAsync(key, RScript.Mode.READ_WRITE, DELETE_AND_REVOKE_SCRIPT,
				RScript.ReturnType.BOOLEAN, leaseKeys(key), bytes(landingChannel)), "evict from");
	}

	/** Waits for a command at most its timeout, or less if the caller's deadline comes first. */
	private <T> T await(CompletionStage<T> command, String what) {
		return RedisDeadline.await(command, this.timeout, what);
	}

	private RScript script() {
		return this.redisson
			.getScript(OptionalOptions.defaults().codec(ByteArrayCodec.INSTANCE).timeout(this.timeout).retryAttempts(0));
	}

	private static List<Object> leaseKeys(String key) {
		return List.of(key, CacheStore.leaseKey(key), CacheStore.waiterKey(key));
	}

	private static byte[] bytes(Object value) {
		return String.valueOf(value).getBytes(StandardCharsets.UTF_8);
	}

	@Override
	public void publish(String channel, String message) {
		await(this.redisson.getTopic(PlainOptions.name(channel).codec(StringCodec.INSTANCE).timeout(this.timeout))
			.publishAsync(message), "publish to");
	}

	@Override
	public void subscribe(String channel, Consumer<String> listener) {
		this.redisson.getTopic(channel, StringCodec.INSTANCE)
			.addListenerAsync(String.class, (ch, message) -> listener.accept(message));
	}

}
