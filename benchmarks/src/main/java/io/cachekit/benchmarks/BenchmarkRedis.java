package io.cachekit.benchmarks;

import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

import io.cachekit.test.DevServices;
import io.cachekit.test.RedisEndpoint;

/**
 * The Redis every benchmark in a run shares: {@code REDIS_URL} if set, else an embedded server started
 * once per benchmark JVM.
 */
public final class BenchmarkRedis {

	private BenchmarkRedis() {
	}

	/**
	 * Where Redis listens.
	 * @return the endpoint
	 */
	public static RedisEndpoint endpoint() {
		return DevServices.shared().redis();
	}

	/**
	 * A new Redisson client for the shared Redis, with default settings.
	 * @return the client; shut it down in the benchmark's tear-down
	 */
	public static RedissonClient redisson() {
		Config config = new Config();
		config.useSingleServer().setAddress("redis://" + endpoint().host() + ":" + endpoint().port());
		return Redisson.create(config);
	}

}
