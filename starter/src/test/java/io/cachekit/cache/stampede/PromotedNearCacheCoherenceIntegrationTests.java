package io.cachekit.cache.stampede;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

import io.cachekit.cache.CacheSpec;
import io.cachekit.cache.CachekitCache;
import io.cachekit.cache.CachekitCacheManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The near-cache coherence tests, unchanged, with promotion on: the near cache keeps hot keys only, and
 * what it keeps is exactly as fresh (same invalidation delay, same staleness bound after a killed pub/sub
 * connection). Plus what promotion itself does: only hot keys are held, and keys that cool down leave.
 */
class PromotedNearCacheCoherenceIntegrationTests extends NearCacheCoherenceIntegrationTests {

	@Override
	CacheSpec spec() {
		return super.spec().withNearCachePromotion(true);
	}

	@Test
	void onlyHotKeysAreHeldAndKeysThatCoolDownLeave() throws Exception {
		RedissonClient client = TestManagers.redisson();
		CachekitCacheManager manager = TestManagers.manager(client, TestManagers.namespace("promote"), "small",
				CacheSpec.defaults().withTtl(Duration.ofMinutes(10)).withNearCache(4, Duration.ofMinutes(1))
					.withNearCachePromotion(true));
		try {
			await().atMost(Duration.ofSeconds(10)).until(() -> manager.getRuntime().bus().isHealthy());
			CachekitCache cache = manager.getCachekitCache("small");
			for (int k = 0; k < 40; k++) {
				cache.put("k" + k, (long) k);
			}
			// k0..k3 are read 200 times each, the others once: four hot keys, held in process
			for (int round = 0; round < 200; round++) {
				for (int k = 0; k < 4; k++) {
					assertThat(cache.get("k" + k, Long.class)).isEqualTo(k);
				}
			}
			for (int k = 4; k < 40; k++) {
				cache.get("k" + k, Long.class);
			}
			// the trim that ranks the candidates runs in the background
			await().atMost(Duration.ofSeconds(10)).until(() -> !cache.getHotKeys().isHot("k20"));
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				assertThat(servedInProcess(cache, "k0")).isTrue();
				assertThat(servedInProcess(cache, "k3")).isTrue();
			});
			assertThat(servedInProcess(cache, "k20")).as("read once: cold, not held").isFalse();
			assertThat(servedInProcess(cache, "k20")).as("still not held after its read").isFalse();
			// the traffic moves to k10..k17: they become hot and push k0..k3 out (trims in the background)
			for (int round = 0; round < 600; round++) {
				for (int k = 10; k < 18; k++) {
					assertThat(cache.get("k" + k, Long.class)).isEqualTo(k);
				}
			}
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				for (int k = 0; k < 4; k++) {
					assertThat(cache.getHotKeys().isHot("k" + k)).as("k%d cooled down", k).isFalse();
					// the trim drops a key from the candidates, then demotes its near copy
					assertThat(cache.getNearCache().get("k" + k)).as("k%d's near copy", k).isNull();
				}
			});
			for (int k = 0; k < 4; k++) {
				assertThat(servedInProcess(cache, "k" + k)).as("k%d demoted", k).isFalse();
			}
			assertThat(cache.getNearCache().size()).isLessThanOrEqualTo(4);
		}
		finally {
			manager.destroy();
			client.shutdown();
		}
	}

	private static boolean servedInProcess(CachekitCache cache, String key) {
		long before = cache.getStatistics().nearHits();
		cache.get(key, Long.class);
		return cache.getStatistics().nearHits() > before;
	}

}
