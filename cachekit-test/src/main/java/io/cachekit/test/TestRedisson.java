package io.cachekit.test;

import java.util.List;
import java.util.function.Consumer;

import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/**
 * The one place tests of every module make Redisson clients: of a single server, fast-failing (short
 * timeouts, so an unreachable server fails a call quickly) or with Redisson's defaults, and of a cluster.
 */
public final class TestRedisson {

	private TestRedisson() {
	}

	/**
	 * A fast-failing client of the shared dev-services Redis.
	 * @return a new client; shut it down after use
	 */
	public static RedissonClient shared() {
		return create(DevServices.shared().redis().url());
	}

	/**
	 * A fast-failing client of a server.
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
	 * A client of a server with Redisson's default timeouts and retries, for load and stress tests.
	 * @param address e.g. {@code redis://127.0.0.1:6379}
	 * @return a new client; shut it down after use
	 */
	public static RedissonClient plain(String address) {
		return plain(address, (config) -> {
		});
	}

	/**
	 * A client of a server with Redisson's defaults, then the test's own settings.
	 * @param address e.g. {@code redis://127.0.0.1:6379}
	 * @param customizer changes the configuration, e.g. credentials or pool sizes
	 * @return a new client; shut it down after use
	 */
	public static RedissonClient plain(String address, Consumer<Config> customizer) {
		Config config = new Config();
		config.useSingleServer().setAddress(address);
		customizer.accept(config);
		return Redisson.create(config);
	}

	/**
	 * A client of a Redis Cluster.
	 * @param nodes the seed nodes, e.g. {@code redis://127.0.0.1:7000}
	 * @return a new client; shut it down after use
	 */
	public static RedissonClient cluster(List<String> nodes) {
		return cluster(nodes, (config) -> {
		});
	}

	/**
	 * A client of a Redis Cluster with the test's own settings.
	 * @param nodes the seed nodes, e.g. {@code redis://127.0.0.1:7000}
	 * @param customizer changes the configuration
	 * @return a new client; shut it down after use
	 */
	public static RedissonClient cluster(List<String> nodes, Consumer<Config> customizer) {
		Config config = new Config();
		config.useClusterServers().setNodeAddresses(nodes);
		customizer.accept(config);
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
