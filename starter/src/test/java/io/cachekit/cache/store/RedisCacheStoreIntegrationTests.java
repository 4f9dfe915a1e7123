package io.cachekit.cache.store;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

import io.cachekit.test.DevServices;
import io.cachekit.test.RedisEndpoint;

class RedisCacheStoreIntegrationTests extends AbstractCacheStoreContractTests {

	private static RedissonClient redisson;

	@BeforeAll
	static void connect() {
		RedisEndpoint endpoint = DevServices.shared().redis();
		Config config = new Config();
		config.useSingleServer().setAddress("redis://" + endpoint.host() + ":" + endpoint.port());
		redisson = Redisson.create(config);
	}

	@AfterAll
	static void disconnect() {
		redisson.shutdown();
	}

	@Override
	protected CacheStore store() {
		return new RedisCacheStore(redisson, Duration.ofSeconds(2));
	}

}
