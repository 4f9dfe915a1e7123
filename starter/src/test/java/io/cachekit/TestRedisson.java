package io.cachekit;

import io.cachekit.test.DevServices;
import io.cachekit.test.RedisEndpoint;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/**
 * Redisson clients for tests, with short timeouts so that an unreachable server fails fast.
 */
public final class TestRedisson {

	private TestRedisson() {
	}

	/**
	 * A client of the shared dev-services Redis.
	 * @return a new client; shut it down after use
	 */
	public static RedissonClient shared() {
		RedisEndpoint redis = DevServices.shared().redis();
		return create("redis://" + redis.host() + ":" + redis.port());
	}

	/**
	 * A client of the given server.
	 * @param address e.g. {@code redis://127.0.0.1:6379}
	 * @return a new client; shut it down after use
	 */
	public static RedissonClient create(String address) {
		Config config = new Config();
		fastFailing(config);
		config.useSingleServer().setAddress(address);
		return Redisson.create(config);
	}

	/**
	 * Makes a configuration fail fast when the server is down.
	 * @param config the configuration
	 */
	public static void fastFailing(Config config) {
		config.setLockWatchdogTimeout(1_000);
		config.useSingleServer()
			.setTimeout(500)
			.setConnectTimeout(500)
			.setRetryAttempts(1)
			.setRetryInterval(100)
			.setConnectionMinimumIdleSize(2)
			.setConnectionPoolSize(40);
	}

}
