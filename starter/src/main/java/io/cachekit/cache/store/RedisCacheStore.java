package io.cachekit.cache.store;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.redisson.Redisson;
import org.redisson.api.RBucket;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.CommonOptions;
import org.redisson.api.options.KeysOptions;
import org.redisson.api.options.KeysScanOptions;
import org.redisson.api.options.ObjectParams;
import org.redisson.api.options.OptionalOptions;
import org.redisson.api.options.PlainOptions;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.codec.StringCodec;
import org.redisson.client.protocol.RedisCommands;
import org.redisson.command.CommandAsyncExecutor;

/**
 * The Redis tier over Redisson: one string key per entry written with {@code PSETEX}, counters with
 * {@code INCR}, cleanup with {@code SCAN} + {@code UNLINK}, events over pub/sub. Every command runs with
 * the given timeout and no retries, so a slow or absent Redis costs at most the timeout per call.
 * <p>
 * Reads and writes of entries, the hot path, go straight to Redisson's command executor when the client
 * is a {@link Redisson} instance: creating an {@code RBucket} per key costs about a quarter of the
 * throughput of a hit with 8 threads (measured in {@code CachekitReadBenchmark}).
 */
public class RedisCacheStore implements CacheStore, AutoCloseable {

	private static final String INCREMENT_SCRIPT = "local v = redis.call('INCR', KEYS[1]) "
			+ "if tonumber(ARGV[1]) > 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end return v";

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
			return this.executor
				.get(this.executor.<Object, byte[]>readAsync(key, ByteArrayCodec.INSTANCE, RedisCommands.GET, key));
		}
		return bucket(key).get();
	}

	@Override
	public void set(String key, byte[] value, Duration ttl) {
		if (ttl != null && this.executor != null) {
			this.executor.get(this.executor.<Void, Void>writeAsync(key, ByteArrayCodec.INSTANCE, RedisCommands.PSETEX,
					key, ttl.toMillis(), value));
		}
		else if (ttl != null) {
			bucket(key).set(value, ttl);
		}
		else {
			bucket(key).set(value);
		}
	}

	@Override
	public boolean setIfAbsent(String key, byte[] value, Duration ttl) {
		return (ttl != null) ? bucket(key).setIfAbsent(value, ttl) : bucket(key).setIfAbsent(value);
	}

	@Override
	public boolean delete(String key) {
		return bucket(key).unlink();
	}

	@Override
	public long deleteMatching(String pattern, int batchSize) {
		var keys = this.redisson.getKeys(KeysOptions.defaults().timeout(this.timeout).retryAttempts(0));
		long deleted = 0;
		List<String> batch = new ArrayList<>(batchSize);
		for (String key : keys.getKeys(KeysScanOptions.defaults().pattern(pattern).chunkSize(batchSize))) {
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
	public long remainingTtlMillis(String key) {
		return bucket(key).remainTimeToLive();
	}

	@Override
	public boolean expire(String key, Duration ttl) {
		return bucket(key).expire(ttl);
	}

	@Override
	public boolean persist(String key) {
		return bucket(key).clearExpire();
	}

	@Override
	public long increment(String key, Duration retention) {
		if (retention == null) {
			return this.redisson.getAtomicLong(CommonOptions.name(key).timeout(this.timeout).retryAttempts(0))
				.incrementAndGet();
		}
		RScript script = this.redisson.getScript(
				OptionalOptions.defaults().codec(StringCodec.INSTANCE).timeout(this.timeout).retryAttempts(0));
		Long value = script.eval(key, RScript.Mode.READ_WRITE, INCREMENT_SCRIPT, RScript.ReturnType.LONG,
				List.of(key), String.valueOf(retention.toMillis()));
		return value;
	}

	@Override
	public long[] counters(List<String> keys) {
		long[] values = new long[keys.size()];
		if (keys.size() == 1) {
			values[0] = parse(this.redisson
				.<String>getBucket(PlainOptions.name(keys.get(0))
					.codec(StringCodec.INSTANCE)
					.timeout(this.timeout)
					.retryAttempts(0))
				.get());
			return values;
		}
		Map<String, String> found = this.redisson
			.getBuckets(OptionalOptions.defaults().codec(StringCodec.INSTANCE).timeout(this.timeout).retryAttempts(0))
			.get(keys.toArray(String[]::new));
		for (int i = 0; i < values.length; i++) {
			values[i] = parse(found.get(keys.get(i)));
		}
		return values;
	}

	private static long parse(Object value) {
		return (value != null) ? Long.parseLong(value.toString()) : 0;
	}

	@Override
	public LoadClaim claimLoad(String key, String token, Duration leaseTime) {
		byte[] answer = script().eval(key, RScript.Mode.READ_WRITE, CLAIM_LOAD_SCRIPT, RScript.ReturnType.VALUE,
				leaseKeys(key), bytes(token), bytes(leaseTime.toMillis()));
		return switch (answer[0]) {
			case 'V' -> LoadClaim.found(Arrays.copyOfRange(answer, 1, answer.length));
			case 'L' -> LoadClaim.LEASED;
			default -> LoadClaim.BUSY;
		};
	}

	@Override
	public boolean claimRefresh(String key, String token, Duration leaseTime) {
		return script().eval(key, RScript.Mode.READ_WRITE, CLAIM_REFRESH_SCRIPT, RScript.ReturnType.BOOLEAN,
				leaseKeys(key), bytes(token), bytes(leaseTime.toMillis()));
	}

	@Override
	public boolean setIfLeased(String key, byte[] value, Duration ttl, String token, String landingChannel) {
		return script().eval(key, RScript.Mode.READ_WRITE, SET_IF_LEASED_SCRIPT, RScript.ReturnType.BOOLEAN,
				leaseKeys(key), bytes(landingChannel), bytes(token), bytes((ttl != null) ? ttl.toMillis() : 0), value);
	}

	@Override
	public void releaseLease(String key, String token, String landingChannel) {
		script().eval(key, RScript.Mode.READ_WRITE, RELEASE_SCRIPT, RScript.ReturnType.BOOLEAN, leaseKeys(key),
				bytes(landingChannel), bytes(token));
	}

	@Override
	public void setAndRevokeLease(String key, byte[] value, Duration ttl, String landingChannel) {
		script().eval(key, RScript.Mode.READ_WRITE, SET_AND_REVOKE_SCRIPT, RScript.ReturnType.BOOLEAN, leaseKeys(key),
				bytes(landingChannel), bytes((ttl != null) ? ttl.toMillis() : 0), value);
	}

	@Override
	public boolean deleteAndRevokeLease(String key, String landingChannel) {
		return script().eval(key, RScript.Mode.READ_WRITE, DELETE_AND_REVOKE_SCRIPT, RScript.ReturnType.BOOLEAN,
				leaseKeys(key), bytes(landingChannel));
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
		this.redisson.getTopic(PlainOptions.name(channel).codec(StringCodec.INSTANCE).timeout(this.timeout))
			.publish(message);
	}

	@Override
	public void subscribe(String channel, Consumer<String> listener) {
		this.redisson.getTopic(channel, StringCodec.INSTANCE)
			.addListenerAsync(String.class, (ch, message) -> listener.accept(message));
	}

}
