package io.cachekit.cache;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

import org.springframework.cache.interceptor.SimpleKey;

import io.cachekit.cache.store.RedisCacheStore;
import io.cachekit.test.DevServices;
import io.cachekit.test.TestRedisson;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 10,000 hostile keys in one cache of a real Redis: glob, separator, brace and control characters, long
 * keys, lone surrogates, byte arrays of invalid UTF-8 and method-argument keys. Neither another cache of
 * the namespace (also one whose name looks like a generation of the first), nor a namespace that extends
 * this one, can read, overwrite or delete any of them, by key or by pattern.
 */
class FuzzedKeysIntegrationTests {

	private static final String HOSTILE = "*?[]\\:{}\r\n\0%~#^-_.aZ9 é\uD800(),!";

	@Test
	void fuzzedKeysNeverReadOrDeleteAnotherCachesEntries() {
		RedissonClient redisson = TestRedisson.plain(DevServices.shared().redis().url());
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
			Set<String> distinct = new HashSet<>();
			List<Object> keys = new ArrayList<>();
			while (keys.size() < 10_000) {
				Object key = fuzz(random, keys.size());
				String identity = (key instanceof byte[] bytes) ? "bytes:" + HexFormat.of().formatHex(bytes)
						: (key instanceof SimpleKey) ? "args:" + key : "text:" + key;
				if (distinct.add(identity)) {
					keys.add(key);
				}
			}
			for (Object key : keys) {
				victim.put(key, "victim");
			}
			Set<String> redisKeys = new HashSet<>();
			redisson.getKeys().getKeysByPattern(namespace + ":*").forEach(redisKeys::add);
			// besides the entries, the cache's generation token
			assertThat(redisKeys).as("one Redis key per distinct key").hasSize(10_001)
				.contains(namespace + ":victim:~gen");
			for (Object key : keys) {
				assertThat(attacker.get(key)).isNull();
				assertThat(colonCache.get(key)).isNull();
				assertThat(foreign.get(key)).isNull();
				attacker.evict(key);
				colonCache.evict(key);
				foreign.evict(key);
			}
			// the attacker writes every key and the hostile patterns themselves, then evicts by pattern
			for (Object key : keys) {
				attacker.put(key, "attacker");
				colonCache.put(key, "attacker");
			}
			DefaultCacheOperations attackerOperations = new DefaultCacheOperations(manager);
			DefaultCacheOperations neighbourOperations = new DefaultCacheOperations(neighbour);
			for (int i = 0; i < 200; i++) {
				String pattern = (i == 0) ? "*" : hostile(random) + "*";
				attackerOperations.evictMatching("attacker", pattern);
				attackerOperations.evictMatching("victim:0", pattern);
				neighbourOperations.evictMatching("victim", pattern);
			}
			int intact = 0;
			for (Object key : keys) {
				if ("victim".equals(victim.get(key).get())) {
					intact++;
				}
			}
			assertThat(intact).isEqualTo(10_000);
			// the entries and the generation token
			assertThat(redisson.getKeys().getKeysByPattern(namespace + ":victim:*")).hasSize(10_001);
		}
		finally {
			redisson.getKeys().deleteByPattern(namespace + "*");
			manager.destroy();
			neighbour.destroy();
			redisson.shutdown();
		}
	}

	/**
	 * Long keys, strings decoded from random bytes with lone surrogates, byte-array keys of random
	 * (mostly invalid UTF-8) bytes, method-argument keys with hostile parts, and short hostile strings.
	 */
	private static Object fuzz(Random random, int index) {
		int kind = index % 7;
		if (kind == 0) {
			return "x".repeat(10_000) + index;
		}
		if (kind == 1) {
			byte[] bytes = new byte[1 + random.nextInt(40)];
			random.nextBytes(bytes);
			return new String(bytes, StandardCharsets.UTF_8) + "\uDC00" + index;
		}
		if (kind == 2) {
			byte[] bytes = new byte[1 + random.nextInt(40)];
			random.nextBytes(bytes);
			bytes[0] = (byte) 0xC3;
			return bytes;
		}
		if (kind == 3) {
			return new SimpleKey(hostile(random), hostile(random), (index % 2 == 0) ? null : hostile(random));
		}
		return hostile(random);
	}

	private static String hostile(Random random) {
		StringBuilder key = new StringBuilder();
		int length = 1 + random.nextInt(30);
		for (int i = 0; i < length; i++) {
			key.append(HOSTILE.charAt(random.nextInt(HOSTILE.length())));
		}
		return key.toString();
	}

}
