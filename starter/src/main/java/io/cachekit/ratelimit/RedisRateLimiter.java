package io.cachekit.ratelimit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.redisson.Redisson;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.ObjectParams;
import org.redisson.api.options.OptionalOptions;
import org.redisson.api.options.PlainOptions;
import org.redisson.client.RedisException;
import org.redisson.client.RedisNoScriptException;
import org.redisson.client.codec.StringCodec;
import org.redisson.client.protocol.RedisCommand;
import org.redisson.client.protocol.RedisCommands;
import org.redisson.client.protocol.decoder.ObjectListReplayDecoder;
import org.redisson.command.CommandAsyncExecutor;

import org.springframework.util.Assert;

import io.cachekit.resilience.RedisDeadline;
import io.cachekit.support.PipelinedConnection;

/**
 * Decides rate limits in Redis with one {@code EVALSHA} round trip per decision (the script is
 * loaded once per server). Keys look like {@code cachekit:rl:{rule:client}:tb}: the braces are a
 * Redis Cluster hash tag, every key carries a TTL, and the algorithm suffix keeps algorithms from
 * reading each other's data. Redis 6.2 or later.
 * <p>
 * Where one master serves every command, concurrent decisions are pipelined on one
 * {@link PipelinedConnection held connection}; on Redis Cluster, or while that connection is being
 * replaced, they go through Redisson's command executor. Closing the limiter gives the connection back.
 */
public class RedisRateLimiter implements RateLimiter, AutoCloseable {

	private static final RedisCommand<List<Object>> EVALSHA = new RedisCommand<>("EVALSHA",
			new ObjectListReplayDecoder<>());

	private final Supplier<RedissonClient> redisson;

	private final String keyPrefix;

	private final Map<RateLimitAlgorithm, Script> scripts = new EnumMap<>(RateLimitAlgorithm.class);

	private final String instanceId = UUID.randomUUID().toString().substring(0, 8);

	private final AtomicLong sequence = new AtomicLong();

	private final Duration timeout;

	private volatile Pipeline pipeline;

	private boolean closed;

	/**
	 * Creates a limiter whose decisions wait for Redis at most 250 ms.
	 * @param redisson supplies the Redisson client, looked up on first use
	 * @param keyPrefix prepended to every key
	 */
	public RedisRateLimiter(Supplier<RedissonClient> redisson, String keyPrefix) {
		this(redisson, keyPrefix, Duration.ofMillis(250));
	}

	/**
	 * Creates a limiter.
	 * @param redisson supplies the Redisson client, looked up on first use
	 * @param keyPrefix prepended to every key
	 * @param timeout the longest a decision waits for Redis, less when the request's
	 * {@link RedisDeadline} comes first; a slower answer is a {@link org.redisson.client.RedisTimeoutException}
	 */
	public RedisRateLimiter(Supplier<RedissonClient> redisson, String keyPrefix, Duration timeout) {
		Assert.notNull(redisson, "Redisson client supplier must not be null");
		Assert.notNull(keyPrefix, "Key prefix must not be null");
		this.redisson = redisson;
		this.keyPrefix = keyPrefix;
		this.timeout = timeout;
		for (RateLimitAlgorithm algorithm : RateLimitAlgorithm.values()) {
			this.scripts.put(algorithm, Script.load(algorithm.script()));
		}
	}

	@Override
	public RateLimitDecision tryAcquire(String key, RateLimit limit) {
		String redisKey = redisKey(key, limit.algorithm());
		Script script = this.scripts.get(limit.algorithm());
		Object[] args = (limit.algorithm() == RateLimitAlgorithm.SLIDING_WINDOW)
				? new Object[] { String.valueOf(limit.limit()), String.valueOf(limit.window().toMillis()),
						this.instanceId + this.sequence.incrementAndGet() }
				: new Object[] { String.valueOf(limit.limit()), String.valueOf(limit.window().toMillis()) };
		List<?> result = decide(redisKey, script, args);
		return new RateLimitDecision(number(result, 0) == 1L, limit.limit(), Math.max(0, number(result, 1)),
				Duration.ofMillis(Math.max(0, number(result, 2))), Duration.ofMillis(Math.max(0, number(result, 3))));
	}

	private List<?> decide(String redisKey, Script script, Object[] args) {
		Pipeline pipeline = pipeline();
		if (pipeline == null) {
			return decideWithScript(redisKey, script, args);
		}
		Object[] params = new Object[args.length + 3];
		params[0] = script.sha1();
		params[1] = 1;
		params[2] = redisKey;
		System.arraycopy(args, 0, params, 3, args.length);
		try {
			return await(pipeline.connection.write(pipeline.executor, this.timeout.toMillis(), redisKey,
					StringCodec.INSTANCE, EVALSHA, params));
		}
		catch (RedisException ex) {
			if (!isNoScript(ex)) {
				throw ex;
			}
			params[0] = script.source();
			return await(pipeline.connection.write(pipeline.executor, this.timeout.toMillis(), redisKey,
					StringCodec.INSTANCE, RedisCommands.EVAL_LIST, params));
		}
	}

	private List<?> decideWithScript(String redisKey, Script script, Object[] args) {
		RScript rscript = this.redisson.get()
			.getScript(OptionalOptions.defaults().codec(StringCodec.INSTANCE).timeout(this.timeout).retryAttempts(0));
		try {
			return await(rscript.<List<Long>>evalShaAsync(redisKey, RScript.Mode.READ_WRITE, script.sha1(),
					RScript.ReturnType.LIST, List.of(redisKey), args));
		}
		catch (RedisException ex) {
			if (!isNoScript(ex)) {
				throw ex;
			}
			return await(rscript.<List<Long>>evalAsync(redisKey, RScript.Mode.READ_WRITE, script.source(),
					RScript.ReturnType.LIST, List.of(redisKey), args));
		}
	}

	private <T> T await(CompletionStage<T> command) {
		return RedisDeadline.await(command, this.timeout, "decide a rate limit in");
	}

	private static long number(List<?> result, int index) {
		return ((Number) result.get(index)).longValue();
	}

	/**
	 * The executor and held connection of a {@link Redisson} client, made on the first decision; none for
	 * another {@link RedissonClient}, whose decisions use {@link RScript}.
	 */
	private Pipeline pipeline() {
		Pipeline current = this.pipeline;
		if (current != null) {
			return (current.executor != null) ? current : null;
		}
		synchronized (this) {
			if (this.closed) {
				return null;
			}
			if (this.pipeline == null) {
				this.pipeline = (this.redisson.get() instanceof Redisson client) ? new Pipeline(
						client.getCommandExecutor()
							.copy((ObjectParams) PlainOptions.name("cachekit-rate-limit")
								.timeout(this.timeout)
								.retryAttempts(0)),
						new PipelinedConnection(client.getCommandExecutor().getConnectionManager()))
						: new Pipeline(null, null);
			}
			return (this.pipeline.executor != null) ? this.pipeline : null;
		}
	}

	/** Gives the held connection back to Redisson's pool; later decisions go through the executor. */
	@Override
	public synchronized void close() {
		this.closed = true;
		Pipeline current = this.pipeline;
		if (current != null && current.connection != null) {
			current.connection.close();
		}
	}

	/**
	 * The Redis key of a client's bucket.
	 * @param key the client's bucket
	 * @param algorithm the algorithm
	 * @return the key, with the bucket inside a hash tag
	 */
	public String redisKey(String key, RateLimitAlgorithm algorithm) {
		return this.keyPrefix + "{" + escapeHashTag(key) + "}:" + algorithm.keySuffix();
	}

	private static String escapeHashTag(String key) {
		if (key.indexOf('{') < 0 && key.indexOf('}') < 0 && key.indexOf('%') < 0) {
			return key;
		}
		return key.replace("%", "%25").replace("{", "%7B").replace("}", "%7D");
	}

	private static boolean isNoScript(RedisException ex) {
		return ex instanceof RedisNoScriptException
				|| (ex.getMessage() != null && ex.getMessage().contains("NOSCRIPT"));
	}

	private record Pipeline(CommandAsyncExecutor executor, PipelinedConnection connection) {
	}

	private record Script(String source, String sha1) {

		static Script load(String name) {
			try (InputStream in = RedisRateLimiter.class.getResourceAsStream(name)) {
				Assert.state(in != null, () -> "Missing rate limit script " + name);
				String source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
				return new Script(source, sha1Hex(source));
			}
			catch (IOException ex) {
				throw new IllegalStateException("Could not read rate limit script " + name, ex);
			}
		}

		private static String sha1Hex(String source) {
			try {
				byte[] digest = java.security.MessageDigest.getInstance("SHA-1")
					.digest(source.getBytes(StandardCharsets.UTF_8));
				StringBuilder hex = new StringBuilder(40);
				for (byte b : digest) {
					hex.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
				}
				return hex.toString();
			}
			catch (java.security.NoSuchAlgorithmException ex) {
				throw new IllegalStateException("SHA-1 is not available", ex);
			}
		}

	}

}
