package io.cachekit.cache.store;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.redisson.api.RedissonClient;

import io.cachekit.test.DevServices;
import io.cachekit.test.TestRedisson;

class RedisCacheStoreIntegrationTests extends AbstractCacheStoreContractTests {

	private static RedissonClient redisson;

	@BeforeAll
	static void connect() {
		redisson = TestRedisson.plain(DevServices.shared().redis().url());
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
