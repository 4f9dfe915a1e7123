package io.cachekit.cache.stampede;

import java.time.Duration;
import java.util.UUID;
import java.util.function.UnaryOperator;

import org.redisson.Redisson;
import org.redisson.api.RedissonClient;

import io.cachekit.cache.CacheSpec;
import io.cachekit.cache.CachekitCacheManager;
import io.cachekit.cache.near.InvalidationBus;
import io.cachekit.cache.store.RedisCacheStore;
import io.cachekit.cache.store.RedisEventChannel;
import io.cachekit.test.DevServices;
import io.cachekit.test.TestRedisson;

/**
 * Builds "instances" for the stampede tests: each is its own Redisson client (own connections, own
 * pub/sub) and cache manager on the shared real Redis, in a namespace of the test's choosing.
 */
final class TestManagers {

	private TestManagers() {
	}

	static String namespace(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	static RedissonClient redisson() {
		return TestRedisson.plain(DevServices.shared().redis().url(),
				(config) -> config.useSingleServer().setConnectionMinimumIdleSize(4));
	}

	static CachekitCacheManager manager(RedissonClient redisson, String namespace, String cache, CacheSpec spec) {
		return manager(redisson, namespace, cache, spec, UnaryOperator.identity());
	}

	static CachekitCacheManager manager(RedissonClient redisson, String namespace, String cache, CacheSpec spec,
			UnaryOperator<CachekitCacheManager.Builder> customizer) {
		CachekitCacheManager.Builder builder = CachekitCacheManager
			.builder(new RedisCacheStore(redisson, Duration.ofSeconds(2)))
			.namespace(namespace)
			.cache(cache, spec)
			.nearCacheBus((channel, listener) -> new InvalidationBus(new RedisEventChannel(redisson, Duration.ofSeconds(2)), channel, listener,
					Duration.ofMillis(100)));
		return customizer.apply(builder).build();
	}

}
