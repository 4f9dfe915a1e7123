package io.cachekit.ratelimit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.OptionalOptions;
import org.redisson.client.RedisException;
import org.redisson.client.RedisNoScriptException;
import org.redisson.client.codec.StringCodec;

import org.springframework.util.Assert;

import io.cachekit.resilience.RedisDeadline;

/**
 * Decides rate limits in Redis with one {@code EVALSHA} round trip per decision (the script is
 * loaded once per server). Keys look like {@code cachekit:rl:{rule:client}:tb}: the braces are a
 * Redis Cluster hash tag, every key carries a TTL, and the algorithm suffix keeps algorithms from
 * reading each other's data. Redis 6.2 or later.
 */
public class RedisRateLimiter implements RateLimiter {

	private final Supplier<RedissonClient> redisson;

	private final String keyPrefix;

	private final Map<RateLimitAlgorithm, Script> scripts = new EnumMap<>(RateLimitAlgorithm.class);

	private final String instanceId = UUID.randomUUID().toString().substring(0, 8);

	private final AtomicLong sequence = new AtomicLong();

	private final Duration timeout;

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
		RScript rscript = this.redisson.get()
			.getScript(OptionalOptions.defaults().codec(StringCodec.INSTANCE).timeout(this.timeout).retryAttempts(0));
		List<Long> result;
		try {
			result = RedisDeadline.await(rscript.<List<Long>>evalShaAsync(redisKey, RScript.Mode.READ_WRITE,
					script.sha1(), RScript.ReturnType.LIST, List.of(redisKey), args), this.timeout,
					"decide a rate limit in");
		}
		catch (RedisException ex) {
			if (!isNoScript(ex)) {
				throw ex;
			}
			result = RedisDeadline.await(rscript.<List<Long>>evalAsync(redisKey, RScript.Mode.READ_WRITE,
					script.source(), RScript.ReturnType.LIST, List.of(redisKey), args), this.timeout,
					"decide a rate limit in");
		}
		return new RateLimitDecision(result.get(0) == 1L, limit.limit(), Math.max(0, result.get(1)),
				Duration.ofMillis(Math.max(0, result.get(2))), Duration.ofMillis(Math.max(0, result.get(3))));
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
