package io.cachekit.cache.warming;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

import io.cachekit.cache.CacheSpec;
import io.cachekit.cache.CachekitCache;
import io.cachekit.cache.CachekitCacheManager;
import io.cachekit.cache.store.RedisCacheStore;
import io.cachekit.test.DevServices;
import io.cachekit.test.TestRedisson;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances share their hot keys in Redis: the shared set ranks keys by the reads of both, is bounded
 * and expires, and losing it costs nothing but an empty answer until the next share rebuilds it.
 */
class HotKeySharingIntegrationTests {

	private static final Duration WINDOW = Duration.ofMinutes(10);

	/** In the middle of a window: no test runs across a window's end. */
	private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(1_000 * WINDOW.toMillis() + WINDOW.toMillis() / 2),
			ZoneOffset.UTC);

	private final String namespace = "hot-" + UUID.randomUUID().toString().substring(0, 8);

	private RedissonClient redisson;

	private CachekitCacheManager instanceA;

	private CachekitCacheManager instanceB;

	@BeforeEach
	void start() {
		this.redisson = TestRedisson.plain(DevServices.shared().redis().url(), (config) -> {
		});
		this.instanceA = manager();
		this.instanceB = manager();
	}

	private CachekitCacheManager manager() {
		return CachekitCacheManager.builder(new RedisCacheStore(this.redisson, Duration.ofSeconds(2)))
			.namespace(this.namespace)
			.cache("products", CacheSpec.defaults().withSharedHotKeys(true))
			.cache("pages", CacheSpec.defaults())
			.build();
	}

	@AfterEach
	void stop() {
		this.instanceA.destroy();
		this.instanceB.destroy();
		this.redisson.shutdown();
	}

	@Test
	void theSharedSetRanksKeysByTheReadsOfEveryInstance() {
		CachekitCache a = this.instanceA.getCachekitCache("products");
		CachekitCache b = this.instanceB.getCachekitCache("products");
		for (int i = 0; i < 300; i++) {
			a.get("a-" + (i % 3));
			b.get("b-" + (i % 2));
			// key "both" is read 600 times on each instance: the hottest on both
			a.get("both");
			a.get("both");
			b.get("both");
			b.get("both");
		}
		this.instanceA.getCachekitCache("pages").get("page-1");
		HotKeySharing sharingA = sharing(this.instanceA);
		HotKeySharing sharingB = sharing(this.instanceB);
		assertThat(sharingA.shareAll()).as("keys of cache products only").isEqualTo(4);
		assertThat(sharingB.shareAll()).isEqualTo(3);
		List<String> hot = sharingA.hotKeys(a, 10);
		assertThat(hot.get(0)).isEqualTo("both");
		assertThat(hot).containsExactlyInAnyOrder("both", "a-0", "a-1", "a-2", "b-0", "b-1");
		assertThat(sharingB.hotKeys(b, 2)).hasSize(2).startsWith("both");
		assertThat(sharingA.hotKeys(this.instanceA.getCachekitCache("pages"), 10)).as("not shared").isEmpty();
		String key = this.namespace + ":~hot:products:" + (CLOCK.millis() / WINDOW.toMillis());
		long ttl = this.redisson.getKeys().remainTimeToLive(key);
		assertThat(ttl).as("expires after two windows").isPositive().isLessThanOrEqualTo(2 * WINDOW.toMillis());
	}

	@Test
	void aLostSharedSetIsRebuiltByTheNextShare() {
		CachekitCache a = this.instanceA.getCachekitCache("products");
		for (int i = 0; i < 100; i++) {
			a.get("k-" + (i % 5));
		}
		HotKeySharing sharing = sharing(this.instanceA);
		sharing.shareAll();
		assertThat(sharing.hotKeys(a, 10)).hasSize(5);
		// Redis lost it (a flush, a failover to a replica that lagged)
		String key = this.namespace + ":~hot:products:" + (CLOCK.millis() / WINDOW.toMillis());
		assertThat(this.redisson.getKeys().delete(key, key.substring(0, key.lastIndexOf(':') + 1)
				+ (CLOCK.millis() / WINDOW.toMillis() - 1))).isPositive();
		assertThat(sharing.hotKeys(a, 10)).isEmpty();
		sharing.shareAll();
		assertThat(sharing.hotKeys(a, 10)).hasSize(5);
	}

	@Test
	void theSharedSetIsBoundedToFourTimesTheSharedSize() {
		CachekitCache a = this.instanceA.getCachekitCache("products");
		HotKeySharing sharing = new HotKeySharing(this.instanceA, this.redisson, 5, Duration.ofSeconds(10), WINDOW,
				CLOCK);
		for (int round = 0; round < 10; round++) {
			// each round's keys are read more than the last round's: the newest five are the hottest
			for (int i = 0; i < 200 + 50 * round; i++) {
				a.get("round-" + round + "-" + (i % 5));
			}
			sharing.shareAll();
		}
		String key = this.namespace + ":~hot:products:" + (CLOCK.millis() / WINDOW.toMillis());
		assertThat(this.redisson.getScoredSortedSet(key).size()).isEqualTo(20);
	}

	private HotKeySharing sharing(CachekitCacheManager manager) {
		return new HotKeySharing(manager, this.redisson, 100, Duration.ofSeconds(10), WINDOW, CLOCK);
	}

}
