package io.cachekit.resilience;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.client.protocol.RedisCommands;

/**
 * Reads each Redis master's {@code maxmemory} and {@code maxmemory-policy} once at startup and warns, naming
 * the setting, when Redis may evict keys whose loss costs more than a cache miss: lock keys and fencing
 * tokens, rate-limit windows, write-behind pins. cachekit stays correct when they go (tokens keep growing,
 * write-behind order comes from Kafka), but a lost lock lets two holders run, a lost window lets a client
 * exceed its limit, and a lost pin costs read-your-writes until the worker persists. When the ACL forbids
 * {@code CONFIG GET}, it says so at INFO. It runs on its own thread, so a hung Redis never delays startup.
 */
public final class RedisMemoryPolicyCheck {

	private static final Log logger = LogFactory.getLog(RedisMemoryPolicyCheck.class);

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private final Supplier<RedissonClient> redisson;

	private final Supplier<List<String>> keysThatMatter;

	/**
	 * Creates the check.
	 * @param redisson supplies the client
	 * @param keysThatMatter describes the key families in use whose eviction matters, e.g.
	 * {@code "lock keys and fencing tokens"}; empty when only caches use Redis
	 */
	public RedisMemoryPolicyCheck(Supplier<RedissonClient> redisson, Supplier<List<String>> keysThatMatter) {
		this.redisson = redisson;
		this.keysThatMatter = keysThatMatter;
	}

	/**
	 * Runs the check in the background.
	 */
	public void runInBackground() {
		Thread thread = new Thread(this::runQuietly, "cachekit-memory-policy-check");
		thread.setDaemon(true);
		thread.start();
	}

	private void runQuietly() {
		try {
			run();
		}
		catch (RuntimeException ex) {
			logger.info("cachekit could not read Redis's maxmemory-policy (" + ex.getMessage() + "); make sure it "
					+ "does not evict keys that matter (see docs/resilience.md, 'Redis memory policy')");
		}
	}

	/**
	 * Reads the settings of every master and logs what they mean.
	 * @return the messages logged at WARN, for tests
	 */
	public List<String> run() {
		RedissonClient client = this.redisson.get();
		if (!(client instanceof Redisson redissonClient)) {
			return List.of();
		}
		List<CompletableFuture<Map<String, String>>> answers = redissonClient.getCommandExecutor()
			.writeAllAsync(StringCodec.INSTANCE, RedisCommands.CONFIG_GET_MAP, "maxmemory*");
		List<String> warnings = new ArrayList<>();
		for (CompletableFuture<Map<String, String>> answer : answers) {
			String warning = assess(RedisDeadline.awaitIgnoringDeadline(answer, TIMEOUT, "read maxmemory-policy from"),
					this.keysThatMatter.get());
			if (warning != null) {
				logger.warn(warning);
				warnings.add(warning);
			}
		}
		return warnings;
	}

	/**
	 * What a master's memory settings mean for cachekit.
	 * @param config the answer to {@code CONFIG GET maxmemory*}
	 * @param keysThatMatter the key families in use whose eviction matters
	 * @return a warning, or {@code null} if there is nothing to warn about
	 */
	static String assess(Map<String, String> config, List<String> keysThatMatter) {
		String policy = config.getOrDefault("maxmemory-policy", "noeviction").toLowerCase(Locale.ROOT);
		String maxmemory = config.getOrDefault("maxmemory", "0");
		if ("0".equals(maxmemory.strip()) || "noeviction".equals(policy)) {
			if (!"0".equals(maxmemory.strip())) {
				logger.info("Redis has maxmemory " + maxmemory + " with maxmemory-policy noeviction: once full it "
						+ "refuses writes; cache writes then fail open and locks, rate limits and write-behind pins "
						+ "follow their failure policies");
			}
			return null;
		}
		if (keysThatMatter.isEmpty()) {
			if (policy.startsWith("allkeys-")) {
				logger.info("Redis evicts with maxmemory-policy " + policy + "; cache entries are meant to be evicted, "
						+ "but an evicted generation token turns its whole cache into misses once: volatile-lfu "
						+ "evicts only entries");
			}
			return null;
		}
		return "Redis evicts with maxmemory-policy " + policy + " (maxmemory " + maxmemory + "): under memory "
				+ "pressure it may evict " + String.join(", ", keysThatMatter) + ". cachekit stays correct, but a "
				+ "lost lock lets two holders run (fence your writes), a lost rate-limit window lets clients exceed "
				+ "their limit and a lost pin hides a write-behind save until the worker persists it. Keep these "
				+ "keys on a Redis with maxmemory-policy noeviction, or give Redis the memory to never evict "
				+ "(docs/resilience.md, 'Redis memory policy')";
	}

}
