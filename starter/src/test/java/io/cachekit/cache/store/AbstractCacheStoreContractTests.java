package io.cachekit.cache.store;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The behaviour every {@link CacheStore} tier must have. Subclasses supply the store.
 */
public abstract class AbstractCacheStoreContractTests {

	protected final String prefix = "contract-" + UUID.randomUUID().toString().substring(0, 8) + ":";

	protected abstract CacheStore store();

	@Test
	void getAnswersWhatWasSet() {
		store().set(this.prefix + "a", new byte[] { 1, 2 }, Duration.ofMinutes(1));
		assertThat(store().get(this.prefix + "a")).containsExactly(1, 2);
		assertThat(store().get(this.prefix + "absent")).isNull();
	}

	@Test
	void entriesExpireAfterTheirTtl() throws InterruptedException {
		store().set(this.prefix + "short", new byte[] { 1 }, Duration.ofMillis(50));
		Thread.sleep(120);
		assertThat(store().get(this.prefix + "short")).isNull();
	}

	@Test
	void remainingTtlIsReported() {
		store().set(this.prefix + "ttl", new byte[] { 1 }, Duration.ofMinutes(1));
		store().set(this.prefix + "forever", new byte[] { 1 }, null);
		assertThat(store().remainingTtlMillis(this.prefix + "ttl")).isBetween(50_000L, 60_000L);
		assertThat(store().remainingTtlMillis(this.prefix + "forever")).isEqualTo(CacheStore.PERSISTENT);
		assertThat(store().remainingTtlMillis(this.prefix + "absent")).isEqualTo(CacheStore.ABSENT);
	}

	@Test
	void expireAndPersistChangeTheTtl() {
		store().set(this.prefix + "e", new byte[] { 1 }, Duration.ofMinutes(1));
		assertThat(store().expire(this.prefix + "e", Duration.ofSeconds(5))).isTrue();
		assertThat(store().remainingTtlMillis(this.prefix + "e")).isLessThanOrEqualTo(5000);
		assertThat(store().persist(this.prefix + "e")).isTrue();
		assertThat(store().remainingTtlMillis(this.prefix + "e")).isEqualTo(CacheStore.PERSISTENT);
	}

	@Test
	void setIfAbsentKeepsTheFirstValue() {
		assertThat(store().setIfAbsent(this.prefix + "nx", new byte[] { 1 }, Duration.ofMinutes(1))).isTrue();
		assertThat(store().setIfAbsent(this.prefix + "nx", new byte[] { 2 }, Duration.ofMinutes(1))).isFalse();
		assertThat(store().get(this.prefix + "nx")).containsExactly(1);
	}

	@Test
	void deleteAnswersWhetherTheKeyExisted() {
		store().set(this.prefix + "d", new byte[] { 1 }, Duration.ofMinutes(1));
		assertThat(store().delete(this.prefix + "d")).isTrue();
		assertThat(store().delete(this.prefix + "d")).isFalse();
	}

	@Test
	void deleteMatchingDeletesOnlyMatchingKeys() {
		for (int i = 0; i < 25; i++) {
			store().set(this.prefix + "m:" + i, new byte[] { 1 }, Duration.ofMinutes(1));
		}
		store().set(this.prefix + "n:1", new byte[] { 1 }, Duration.ofMinutes(1));
		assertThat(store().deleteMatching(this.prefix + "m:1*", 4)).isEqualTo(11);
		assertThat(store().get(this.prefix + "m:2")).isNotNull();
		assertThat(store().get(this.prefix + "n:1")).isNotNull();
	}

	@Test
	void countersStartAtZeroAndIncrement() {
		assertThat(store().counters(List.of(this.prefix + "c1", this.prefix + "c2"))).containsExactly(0, 0);
		assertThat(store().increment(this.prefix + "c1", null)).isEqualTo(1);
		assertThat(store().increment(this.prefix + "c1", Duration.ofMinutes(1))).isEqualTo(2);
		assertThat(store().counters(List.of(this.prefix + "c1", this.prefix + "c2"))).containsExactly(2, 0);
		assertThat(store().remainingTtlMillis(this.prefix + "c1")).isPositive();
	}

	@Test
	void publishedEventsReachSubscribers() throws InterruptedException {
		List<String> received = new CopyOnWriteArrayList<>();
		store().subscribe(this.prefix + "events", received::add);
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			store().publish(this.prefix + "events", "hello");
			assertThat(received).contains("hello");
		});
	}

}
