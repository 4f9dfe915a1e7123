package io.cachekit.cache;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

import io.cachekit.cache.store.RedisCacheStore;
import io.cachekit.test.DevServices;
import io.cachekit.test.RedisEndpoint;

import static org.assertj.core.api.Assertions.assertThat;

class FuzzedKeysIntegrationTests {

	private static final String HOSTILE = "*?[]\\:{}\r\n\0%~#^-_.aZ9 é\uD800";

	@Test
	void fuzzedKeysNeverReadOrDeleteAnotherCachesEntries() {
		RedisEndpoint endpoint = DevServices.shared().redis();
		Config config = new Config();
		config.useSingleServer().setAddress("redis://" + endpoint.host() + ":" + endpoint.port());
		RedissonClient redisson = Redisson.create(config);
		String namespace = "fuzz-" + UUID.randomUUID().toString().substring(0, 8);
		CachekitCacheManager manager = CachekitCacheManager.builder(new RedisCacheStore(redisson, java.time.Duration.ofSeconds(2)))
			.namespace(namespace)
			.build();
		CachekitCacheManager neighbour = CachekitCacheManager
			.builder(new RedisCacheStore(redisson, java.time.Duration.ofSeconds(2)))
			.namespace(namespace + ":x")
			.build();
		try {
			CachekitCache victim = manager.getCachekitCache("victim");
			CachekitCache attacker = manager.getCachekitCache("attacker");
			CachekitCache colonCache = manager.getCachekitCache("victim:0");
			CachekitCache foreign = neighbour.getCachekitCache("victim");
			Random random = new Random(7);
			Set<String> keys = new HashSet<>();
			while (keys.size() < 10_000) {
				keys.add(fuzz(random, keys.size()));
			}
			for (String key : keys) {
				victim.put(key, "victim");
			}
			Set<String> redisKeys = new HashSet<>();
			redisson.getKeys().getKeysByPattern(namespace + ":*").forEach(redisKeys::add);
			assertThat(redisKeys).hasSize(10_000);
			for (String key : keys) {
				assertThat(attacker.get(key)).isNull();
				assertThat(colonCache.get(key)).isNull();
				assertThat(foreign.get(key)).isNull();
				attacker.evict(key);
				colonCache.evict(key);
				foreign.evict(key);
			}
			attacker.put("*", "attacker");
			new DefaultCacheOperations(manager).evictMatching("attacker", "*");
			new DefaultCacheOperations(neighbour).evictMatching("victim", "*");
			int intact = 0;
			for (String key : keys) {
				if ("victim".equals(victim.get(key).get())) {
					intact++;
				}
			}
			assertThat(intact).isEqualTo(10_000);
			assertThat(redisson.getKeys().getKeysByPattern(namespace + ":victim:*")).hasSize(10_000);
		}
		finally {
			redisson.getKeys().deleteByPattern(namespace + "*");
			manager.destroy();
			neighbour.destroy();
			redisson.shutdown();
		}
	}

	private static String fuzz(Random random, int index) {
		int kind = index % 5;
		if (kind == 0) {
			return "x".repeat(10_000) + index;
		}
		if (kind == 1) {
			byte[] bytes = new byte[1 + random.nextInt(40)];
			random.nextBytes(bytes);
			return new String(bytes, StandardCharsets.UTF_8) + "\uDC00" + index;
		}
		StringBuilder key = new StringBuilder();
		int length = 1 + random.nextInt(30);
		for (int i = 0; i < length; i++) {
			key.append(HOSTILE.charAt(random.nextInt(HOSTILE.length())));
		}
		return key.toString();
	}

}
