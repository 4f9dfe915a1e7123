package io.cachekit.writebehind;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

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
		assertThat(this.cache.release("user", "7", 4)).as("a second release finds only the marker").isFalse();
		assertThat(this.cache.pin("user", "7", 5, "{\"v\":5}")).as("the next update is pinned").isTrue();
		assertThat(this.cache.get("user", "7")).isEqualTo(new WriteBehindCache.Entry(5, "{\"v\":5}", true));
	}

	@Test
	void entryAndCachedCopyShareAHashSlot() {
		String copy = this.keys.cachedCopy("user", "11");
		assertThat(copy).doesNotContain("{", "}");
		assertThat(this.keys.entry("user", "11")).as("hash tag: the copy's key").isEqualTo("{" + copy + "}~wb");
		assertThat(CachekitKeys.leaseKey(copy)).startsWith("{" + copy + "}");
	}

	@Test
	void pinDroppingTheCachedCopyDeletesItAndItsLeaseAndWakesItsWaiters() throws InterruptedException {
		String copy = this.keys.cachedCopy("user", "12");
		this.redisson.getBucket(copy, StringCodec.INSTANCE).set("old");
		this.redisson.getBucket(CachekitKeys.leaseKey(copy), StringCodec.INSTANCE).set("a load in flight");
		this.redisson.getBucket(CachekitKeys.waiterKey(copy), StringCodec.INSTANCE).set("1");
		BlockingQueue<String> landed = new LinkedBlockingQueue<>();
		this.redisson.getTopic(this.keys.keys().landingChannel(), StringCodec.INSTANCE)
			.addListener(String.class, (channel, message) -> landed.add(message));
		WriteBehindCache.Pinned pinned = this.cache.pinDroppingCachedCopy("user", "12", 3, "{\"v\":3}", copy);
		assertThat(pinned).isEqualTo(new WriteBehindCache.Pinned(true, true));
		assertThat(this.redisson.getKeys().countExists(copy, CachekitKeys.leaseKey(copy), CachekitKeys.waiterKey(copy)))
			.isZero();
		assertThat(this.cache.get("user", "12")).isEqualTo(new WriteBehindCache.Entry(3, "{\"v\":3}", true));
		assertThat(landed.poll(5, TimeUnit.SECONDS)).as("waiters woken").isEqualTo(copy);
		// an older save arriving late pins nothing, and still drops a copy cached meanwhile
		this.redisson.getBucket(copy, StringCodec.INSTANCE).set("cached meanwhile");
		assertThat(this.cache.pinDroppingCachedCopy("user", "12", 2, "{\"v\":2}", copy))
			.isEqualTo(new WriteBehindCache.Pinned(false, true));
		assertThat(this.redisson.getKeys().countExists(copy)).isZero();
		assertThat(this.cache.get("user", "12").version()).isEqualTo(3);
	}

	@Test
	void cachedCopyOfAnotherNamespaceIsLeftToTheCaller() {
		String other = CachekitKeys.of("other-" + UUID.randomUUID()).entryKey("user", "13");
		this.redisson.getBucket(other, StringCodec.INSTANCE).set("theirs");
		assertThat(this.cache.pinDroppingCachedCopy("user", "13", 1, "{}", other))
			.isEqualTo(new WriteBehindCache.Pinned(true, false));
		assertThat(this.redisson.getKeys().countExists(other)).isOne();
		this.redisson.getKeys().delete(other);
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
