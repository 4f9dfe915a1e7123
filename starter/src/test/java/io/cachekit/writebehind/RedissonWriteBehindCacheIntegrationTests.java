package io.cachekit.writebehind;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

import io.cachekit.keys.CachekitKeys;
import io.cachekit.test.DevServices;
import io.cachekit.test.TestRedisson;
import io.cachekit.writebehind.pending.RedissonWriteBehindCache;
import io.cachekit.writebehind.pending.WriteBehindCache;
import io.cachekit.writebehind.pending.WriteBehindKeys;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RedissonWriteBehindCache} against a real Redis: every change is conditional on versions.
 */
class RedissonWriteBehindCacheIntegrationTests {

	private final RedissonClient redisson = createClient();

	private final WriteBehindKeys keys = new WriteBehindKeys(CachekitKeys.of("wb-cache-" + UUID.randomUUID()));

	private final RedissonWriteBehindCache cache = new RedissonWriteBehindCache(this.redisson, this.keys,
			Duration.ofDays(1), Duration.ofMinutes(5));

	private static RedissonClient createClient() {
		return TestRedisson.plain(DevServices.shared().redis().url());
	}

	@AfterEach
	void close() {
		this.redisson.shutdown();
	}

	@Test
	void olderVersionNeverReplacesANewerEntry() {
		assertThat(this.cache.pin("user", "1", 5, "{\"v\":5}")).isTrue();
		assertThat(this.cache.pin("user", "1", 4, "{\"v\":4}")).isFalse();
		assertThat(this.cache.get("user", "1")).isEqualTo(new WriteBehindCache.Entry(5, "{\"v\":5}", true));
	}

	@Test
	void releaseUnpinsAndSetsTheExpiry() {
		this.cache.pin("user", "2", 3, "{}");
		this.cache.release("user", "2", 3);
		assertThat(this.cache.get("user", "2").pinned()).isFalse();
		assertThat(this.redisson.getKeys().remainTimeToLive(this.keys.entry("user", "2"))).isPositive()
			.isLessThanOrEqualTo(Duration.ofMinutes(5).toMillis());
	}

	@Test
	void releaseOfAnOlderVersionKeepsTheNewerEntryPinned() {
		this.cache.pin("user", "3", 8, "{}");
		this.cache.releaseAll(List.of(new WriteBehindCache.VersionedKey("user", "3", 7)));
		assertThat(this.cache.get("user", "3").pinned()).isTrue();
	}

	@Test
	void releaseOfANewerVersionRemovesAnOlderEntry() {
		this.cache.pin("user", "6", 4, "{}");
		this.cache.release("user", "6", 5);
		assertThat(this.cache.get("user", "6")).isNull();
	}

	@Test
	void pinArrivingAfterTheWorkerReleasedItsVersionIsRefused() {
		// the worker persisted v4 and released it before the publisher's pin of v4 reached Redis
		assertThat(this.cache.release("user", "7", 4)).as("v4 was not pinned").isFalse();
		assertThat(this.cache.pin("user", "7", 4, "{\"v\":4}")).as("late pin of v4").isFalse();
		assertThat(this.cache.get("user", "7")).as("reads load the persisted v4 from the database").isNull();
		assertThat(this.redisson.getKeys().remainTimeToLive(this.keys.entry("user", "7"))).as("marker expiry")
			.isPositive()
			.isLessThanOrEqualTo(Duration.ofMinutes(5).toMillis());
		assertThat(this.cache.pin("user", "7", 5, "{\"v\":5}")).as("the next update is pinned").isTrue();
		assertThat(this.cache.get("user", "7")).isEqualTo(new WriteBehindCache.Entry(5, "{\"v\":5}", true));
	}

	@Test
	void evictRemovesAnEntryUpToTheVersion() {
		this.cache.pin("user", "4", 2, "{}");
		this.cache.evict("user", "4", 2);
		assertThat(this.cache.get("user", "4")).isNull();
	}

	@Test
	void pinArrivingAfterItsVersionWasEvictedIsRefused() {
		this.cache.evict("user", "8", 3);
		assertThat(this.cache.pin("user", "8", 3, "{}")).as("late pin of the evicted v3").isFalse();
		assertThat(this.cache.get("user", "8")).isNull();
		assertThat(this.cache.pin("user", "8", 4, "{}")).isTrue();
	}

	@Test
	void evictOfWhateverTheEntryHoldsKeepsNothing() {
		this.cache.pin("user", "9", 3, "{}");
		this.cache.evict("user", "9", Long.MAX_VALUE);
		assertThat(this.redisson.getKeys().countExists(this.keys.entry("user", "9"))).isZero();
		assertThat(this.cache.pin("user", "9", 1, "{}")).isTrue();
	}

	@Test
	void evictKeepsANewerEntry() {
		this.cache.pin("user", "5", 9, "{}");
		this.cache.evict("user", "5", 6);
		assertThat(this.cache.get("user", "5").version()).isEqualTo(9);
	}

}
