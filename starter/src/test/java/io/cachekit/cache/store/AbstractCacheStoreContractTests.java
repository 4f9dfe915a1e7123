package io.cachekit.cache.store;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.cachekit.cache.store.LeaseStore.LoadClaim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The behaviour every {@link CacheStore} tier must have. Subclasses supply the store.
 */
public abstract class AbstractCacheStoreContractTests {

	private static final Duration LEASE = Duration.ofSeconds(30);

	private static final Duration TTL = Duration.ofMinutes(1);

	protected final String prefix = "contract-" + UUID.randomUUID().toString().substring(0, 8) + ":";

	private final String landing = this.prefix + "landing";

	protected abstract CacheStore store();

	@Test
	void getAnswersWhatWasSet() {
		store().set(this.prefix + "a", new byte[] { 1, 2 }, Duration.ofMinutes(1));
		assertThat(store().get(this.prefix + "a")).containsExactly(1, 2);
		assertThat(store().get(this.prefix + "absent")).isNull();
	}

	@Test
	void getAllAnswersEveryKeyInOrderWithNullForAbsentOnes() {
		store().set(this.prefix + "a", new byte[] { 1 }, Duration.ofMinutes(1));
		store().set(this.prefix + "c", new byte[] { 3 }, Duration.ofMinutes(1));
		List<byte[]> values = store().getAll(List.of(this.prefix + "c", this.prefix + "b", this.prefix + "a"));
		assertThat(values).hasSize(3);
		assertThat(values.get(0)).isEqualTo(new byte[] { 3 });
		assertThat(values.get(1)).isNull();
		assertThat(values.get(2)).isEqualTo(new byte[] { 1 });
		assertThat(store().getAll(List.of())).isEmpty();
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
	void missingTokensAreCreatedOnceAndThenReadBack() {
		long[] created = store().tokens(List.of(this.prefix + "c1", this.prefix + "c2"), null);
		assertThat(created).doesNotContain(0L);
		assertThat(created[0]).isNotEqualTo(created[1]);
		assertThat(store().tokens(List.of(this.prefix + "c1", this.prefix + "c2"), null)).containsExactly(created);
		assertThat(store().tokens(List.of(this.prefix + "c2"), null)).containsExactly(created[1]);
		assertThat(store().remainingTtlMillis(this.prefix + "c1")).isEqualTo(CacheStore.PERSISTENT);
	}

	@Test
	void replacedTokenIsNewAndReportsTheOneItReplaced() {
		long first = store().tokens(List.of(this.prefix + "c1"), null)[0];
		CacheStore.TokenChange change = store().replaceToken(this.prefix + "c1", Duration.ofMinutes(1));
		assertThat(change.previous()).isEqualTo(first);
		assertThat(change.current()).isNotIn(0L, first);
		assertThat(store().tokens(List.of(this.prefix + "c1"), Duration.ofMinutes(1))).containsExactly(change.current());
		assertThat(store().remainingTtlMillis(this.prefix + "c1")).isPositive();
		assertThat(store().replaceToken(this.prefix + "c3", null).previous()).isZero();
	}

	@Test
	void lostTokenComesBackAsANewOne() {
		long first = store().tokens(List.of(this.prefix + "c1"), null)[0];
		store().delete(this.prefix + "c1");
		assertThat(store().tokens(List.of(this.prefix + "c1"), null)[0]).isNotIn(0L, first);
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

	@Test
	void claimLoadAnswersTheValueWhenPresent() {
		String key = this.prefix + "present";
		store().set(key, new byte[] { 7 }, TTL);
		LoadClaim claim = store().claimLoad(key, "t1", LEASE);
		assertThat(claim.value()).containsExactly(7);
		assertThat(claim.leased()).isFalse();
		assertThat(store().remainingTtlMillis(LeaseStore.leaseKey(key))).as("no lease taken").isEqualTo(CacheStore.ABSENT);
		assertThat(store().remainingTtlMillis(LeaseStore.waiterKey(key))).as("no waiter flagged")
			.isEqualTo(CacheStore.ABSENT);
	}

	@Test
	void claimLoadLeasesToTheFirstCallerOnly() {
		String key = this.prefix + "claimed";
		assertThat(store().claimLoad(key, "t1", LEASE)).isEqualTo(LoadClaim.LEASED);
		assertThat(store().remainingTtlMillis(LeaseStore.leaseKey(key))).as("lease time")
			.isBetween(LEASE.toMillis() - 5000, LEASE.toMillis());
		assertThat(store().claimLoad(key, "t2", LEASE)).isEqualTo(LoadClaim.BUSY);
		assertThat(store().remainingTtlMillis(LeaseStore.waiterKey(key))).as("the waiter flag lives for the lease time")
			.isBetween(LEASE.toMillis() - 5000, LEASE.toMillis());
		assertThat(store().get(key)).isNull();
	}

	@Test
	void claimLoadLeasesAgainAfterTheLeaseExpires() {
		String key = this.prefix + "expiring";
		Duration shortLease = Duration.ofMillis(100);
		assertThat(store().claimLoad(key, "t1", shortLease)).isEqualTo(LoadClaim.LEASED);
		assertThat(store().claimLoad(key, "t2", shortLease)).isEqualTo(LoadClaim.BUSY);
		await().atMost(Duration.ofSeconds(5)).until(() -> store().claimLoad(key, "t3", shortLease).leased());
		assertThat(store().setIfLeased(key, new byte[] { 1 }, TTL, "t1", this.landing)).as("the expired lease")
			.isFalse();
		assertThat(store().setIfLeased(key, new byte[] { 3 }, TTL, "t3", this.landing)).isTrue();
		assertThat(store().get(key)).containsExactly(3);
	}

	@Test
	void claimRefreshLeasesWhateverTheEntryState() {
		String key = this.prefix + "refreshed";
		store().set(key, new byte[] { 1 }, TTL);
		assertThat(store().claimRefresh(key, "t1", LEASE)).isTrue();
		assertThat(store().remainingTtlMillis(LeaseStore.leaseKey(key))).isBetween(LEASE.toMillis() - 5000,
				LEASE.toMillis());
		assertThat(store().claimRefresh(key, "t2", LEASE)).isFalse();
		assertThat(store().remainingTtlMillis(LeaseStore.waiterKey(key))).isBetween(LEASE.toMillis() - 5000,
				LEASE.toMillis());
		assertThat(store().claimLoad(key, "t3", LEASE).value()).as("readers still get the entry").containsExactly(1);
		assertThat(store().setIfLeased(key, new byte[] { 2 }, TTL, "t1", this.landing)).isTrue();
		assertThat(store().get(key)).containsExactly(2);
	}

	@Test
	void setIfLeasedWritesWithTheCurrentTokenAndReleasesTheLease() {
		String key = this.prefix + "written";
		assertThat(store().claimLoad(key, "t1", LEASE).leased()).isTrue();
		assertThat(store().setIfLeased(key, new byte[] { 1 }, TTL, "t1", this.landing)).isTrue();
		assertThat(store().get(key)).containsExactly(1);
		assertThat(store().remainingTtlMillis(key)).isBetween(TTL.toMillis() - 10_000, TTL.toMillis());
		assertThat(store().remainingTtlMillis(LeaseStore.leaseKey(key))).isEqualTo(CacheStore.ABSENT);
		assertThat(store().setIfLeased(key, new byte[] { 2 }, TTL, "t1", this.landing)).as("the lease is gone")
			.isFalse();
		assertThat(store().get(key)).containsExactly(1);
	}

	@Test
	void setIfLeasedWithoutTtlWritesAPersistentEntry() {
		String key = this.prefix + "persistent";
		assertThat(store().claimLoad(key, "t1", LEASE).leased()).isTrue();
		assertThat(store().setIfLeased(key, new byte[] { 1 }, null, "t1", this.landing)).isTrue();
		assertThat(store().remainingTtlMillis(key)).isEqualTo(CacheStore.PERSISTENT);
	}

	@Test
	void setIfLeasedRefusesAnotherToken() {
		String key = this.prefix + "other-token";
		assertThat(store().claimLoad(key, "t1", LEASE).leased()).isTrue();
		assertThat(store().setIfLeased(key, new byte[] { 2 }, TTL, "t2", this.landing)).isFalse();
		assertThat(store().get(key)).isNull();
		assertThat(store().claimLoad(key, "t3", LEASE)).as("t1 still holds the lease").isEqualTo(LoadClaim.BUSY);
		assertThat(store().setIfLeased(key, new byte[] { 1 }, TTL, "t1", this.landing)).isTrue();
	}

	@Test
	void setIfLeasedRefusesWithoutAClaim() {
		String key = this.prefix + "unclaimed";
		assertThat(store().setIfLeased(key, new byte[] { 1 }, TTL, "t1", this.landing)).isFalse();
		assertThat(store().get(key)).isNull();
	}

	@Test
	void setIfLeasedRefusedAfterSetAndRevokeLease() {
		String key = this.prefix + "overwritten";
		assertThat(store().claimLoad(key, "t1", LEASE).leased()).isTrue();
		store().setAndRevokeLease(key, new byte[] { 2 }, TTL, this.landing);
		assertThat(store().remainingTtlMillis(LeaseStore.leaseKey(key))).isEqualTo(CacheStore.ABSENT);
		assertThat(store().setIfLeased(key, new byte[] { 1 }, TTL, "t1", this.landing)).as("an older load").isFalse();
		assertThat(store().get(key)).containsExactly(2);
		assertThat(store().remainingTtlMillis(key)).isBetween(TTL.toMillis() - 10_000, TTL.toMillis());
	}

	@Test
	void setAndRevokeLeaseWithoutTtlWritesAPersistentEntry() {
		String key = this.prefix + "overwritten-persistent";
		store().set(key, new byte[] { 1 }, TTL);
		store().setAndRevokeLease(key, new byte[] { 2 }, null, this.landing);
		assertThat(store().get(key)).containsExactly(2);
		assertThat(store().remainingTtlMillis(key)).isEqualTo(CacheStore.PERSISTENT);
	}

	@Test
	void setIfLeasedRefusedAfterDeleteAndRevokeLease() {
		String key = this.prefix + "evicted";
		assertThat(store().claimLoad(key, "t1", LEASE).leased()).isTrue();
		assertThat(store().deleteAndRevokeLease(key, this.landing)).as("no entry to delete").isFalse();
		assertThat(store().remainingTtlMillis(LeaseStore.leaseKey(key))).isEqualTo(CacheStore.ABSENT);
		assertThat(store().setIfLeased(key, new byte[] { 1 }, TTL, "t1", this.landing)).as("a load older than the eviction")
			.isFalse();
		assertThat(store().get(key)).isNull();
	}

	@Test
	void deleteAndRevokeLeaseAnswersWhetherTheEntryExisted() {
		String key = this.prefix + "deleted";
		store().set(key, new byte[] { 1 }, TTL);
		assertThat(store().deleteAndRevokeLease(key, this.landing)).isTrue();
		assertThat(store().get(key)).isNull();
		assertThat(store().deleteAndRevokeLease(key, this.landing)).isFalse();
	}

	@Test
	void setIfLeasedRefusedAfterReleaseLease() {
		String key = this.prefix + "released";
		assertThat(store().claimLoad(key, "t1", LEASE).leased()).isTrue();
		store().releaseLease(key, "t1", this.landing);
		assertThat(store().setIfLeased(key, new byte[] { 1 }, TTL, "t1", this.landing)).isFalse();
		assertThat(store().get(key)).isNull();
		assertThat(store().claimLoad(key, "t2", LEASE)).as("another caller may load").isEqualTo(LoadClaim.LEASED);
	}

	@Test
	void setIfLeasedRefusedAfterASecondClaim() {
		String key = this.prefix + "reclaimed";
		assertThat(store().claimLoad(key, "t1", LEASE).leased()).isTrue();
		store().releaseLease(key, "t1", this.landing);
		assertThat(store().claimRefresh(key, "t2", LEASE)).isTrue();
		assertThat(store().setIfLeased(key, new byte[] { 1 }, TTL, "t1", this.landing)).isFalse();
		assertThat(store().setIfLeased(key, new byte[] { 2 }, TTL, "t2", this.landing)).isTrue();
		assertThat(store().get(key)).containsExactly(2);
	}

	@Test
	void releaseLeaseNeedsTheRightToken() {
		String key = this.prefix + "release-token";
		assertThat(store().claimLoad(key, "t1", LEASE).leased()).isTrue();
		store().releaseLease(key, "t2", this.landing);
		assertThat(store().claimLoad(key, "t3", LEASE)).as("t1 still holds the lease").isEqualTo(LoadClaim.BUSY);
		store().releaseLease(key, "t1", this.landing);
		assertThat(store().remainingTtlMillis(LeaseStore.leaseKey(key))).isEqualTo(CacheStore.ABSENT);
		assertThat(store().claimLoad(key, "t3", LEASE)).isEqualTo(LoadClaim.LEASED);
	}

	@Test
	void setIfLeasedAnnouncesTheLandingToAFlaggedWaiter() {
		List<String> landings = landings();
		String key = this.prefix + "land-write";
		assertThat(store().claimLoad(key, "t1", LEASE).leased()).isTrue();
		assertThat(store().claimLoad(key, "t2", LEASE)).isEqualTo(LoadClaim.BUSY);
		assertThat(store().setIfLeased(key, new byte[] { 1 }, TTL, "t1", this.landing)).isTrue();
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(landings).contains(key));
		assertThat(store().remainingTtlMillis(LeaseStore.waiterKey(key))).as("the flag is consumed")
			.isEqualTo(CacheStore.ABSENT);
	}

	@Test
	void releaseLeaseAnnouncesTheLandingToAFlaggedWaiter() {
		List<String> landings = landings();
		String key = this.prefix + "land-release";
		assertThat(store().claimLoad(key, "t1", LEASE).leased()).isTrue();
		assertThat(store().claimLoad(key, "t2", LEASE)).isEqualTo(LoadClaim.BUSY);
		store().releaseLease(key, "t1", this.landing);
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(landings).contains(key));
	}

	@Test
	void setAndRevokeLeaseAnnouncesTheLandingToAFlaggedWaiter() {
		List<String> landings = landings();
		String key = this.prefix + "land-overwrite";
		assertThat(store().claimRefresh(key, "t1", LEASE)).isTrue();
		assertThat(store().claimRefresh(key, "t2", LEASE)).isFalse();
		store().setAndRevokeLease(key, new byte[] { 1 }, TTL, this.landing);
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(landings).contains(key));
	}

	@Test
	void deleteAndRevokeLeaseAnnouncesTheLandingToAFlaggedWaiter() {
		List<String> landings = landings();
		String key = this.prefix + "land-evict";
		assertThat(store().claimLoad(key, "t1", LEASE).leased()).isTrue();
		assertThat(store().claimLoad(key, "t2", LEASE)).isEqualTo(LoadClaim.BUSY);
		store().deleteAndRevokeLease(key, this.landing);
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(landings).contains(key));
	}

	@Test
	void nothingIsAnnouncedWithoutAFlaggedWaiter() {
		List<String> landings = landings();
		String written = this.prefix + "quiet-write";
		assertThat(store().claimLoad(written, "t1", LEASE).leased()).isTrue();
		assertThat(store().setIfLeased(written, new byte[] { 1 }, TTL, "t1", this.landing)).isTrue();
		String released = this.prefix + "quiet-release";
		assertThat(store().claimLoad(released, "t1", LEASE).leased()).isTrue();
		store().releaseLease(released, "t1", this.landing);
		String overwritten = this.prefix + "quiet-overwrite";
		store().setAndRevokeLease(overwritten, new byte[] { 1 }, TTL, this.landing);
		String evicted = this.prefix + "quiet-evict";
		store().set(evicted, new byte[] { 1 }, TTL);
		assertThat(store().deleteAndRevokeLease(evicted, this.landing)).isTrue();
		String refused = this.prefix + "quiet-refused";
		assertThat(store().claimLoad(refused, "t1", LEASE).leased()).isTrue();
		assertThat(store().claimLoad(refused, "t2", LEASE)).isEqualTo(LoadClaim.BUSY);
		store().releaseLease(refused, "t2", this.landing);
		assertThat(store().setIfLeased(refused, new byte[] { 1 }, TTL, "t2", this.landing)).isFalse();
		String announced = this.prefix + "announced";
		assertThat(store().claimLoad(announced, "t1", LEASE).leased()).isTrue();
		assertThat(store().claimLoad(announced, "t2", LEASE)).isEqualTo(LoadClaim.BUSY);
		assertThat(store().setIfLeased(announced, new byte[] { 1 }, TTL, "t1", this.landing)).isTrue();
		store().setAndRevokeLease(announced, new byte[] { 2 }, TTL, this.landing);
		awaitEarlierAnnouncements(landings);
		assertThat(landings.stream().filter((message) -> message.startsWith(this.prefix)))
			.as("only a flagged waiter is woken, and once").containsExactly(announced);
	}

	/**
	 * Subscribes to the landing channel and waits until the subscription delivers.
	 * @return what arrives on the channel
	 */
	private List<String> landings() {
		List<String> received = new CopyOnWriteArrayList<>();
		store().subscribe(this.landing, received::add);
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			store().publish(this.landing, "probe");
			assertThat(received).contains("probe");
		});
		return received;
	}

	/**
	 * Waits until everything published on the landing channel so far has arrived: a channel delivers in
	 * order, so it is enough to see a marker published now.
	 */
	private void awaitEarlierAnnouncements(List<String> landings) {
		String marker = "marker-" + UUID.randomUUID();
		store().publish(this.landing, marker);
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(landings).contains(marker));
	}

}
