package io.cachekit.cache.store;

import java.time.Duration;
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
public class RedisCacheStore implements CacheStore {

	private static final String INCREMENT_SCRIPT = "local v = redis.call('INCR', KEYS[1]) "
			+ "if tonumber(ARGV[1]) > 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end return v";

	private final RedissonClient redisson;

	private final Duration timeout;

	private final CommandAsyncExecutor executor;

	/**
	 * Creates the store.
	 * @param redisson the client
	 * @param timeout the timeout of each command
	 */
	public RedisCacheStore(RedissonClient redisson, Duration timeout) {
		this.redisson = redisson;
		this.timeout = timeout;
		this.executor = (redisson instanceof Redisson client) ? client.getCommandExecutor()
			.copy((ObjectParams) PlainOptions.name("cachekit").timeout(timeout).retryAttempts(0)) : null;
	}

	private RBucket<byte[]> bucket(String key) {
		return this.redisson.getBucket(
				PlainOptions.name(key).codec(ByteArrayCodec.INSTANCE).timeout(this.timeout).retryAttempts(0));
	}

	@Override
	public byte[] get(String key) {
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
