package io.cachekit.lock;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

import io.cachekit.test.EmbeddedRedisServer;
import io.cachekit.test.TestRedisson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * {@link LockTemplate} against a real Redis: fencing tokens, exclusion, wait-time failures,
 * watchdog renewal, lease loss and release by the owner only.
 */
class LockTemplateIntegrationTests {

	private static final String PREFIX = "test-lock-" + UUID.randomUUID() + ":";

	private static RedissonClient redisson;

	private final List<LeaseLostEvent> leaseLost = new CopyOnWriteArrayList<>();

	private final LeaseMonitor leaseMonitor = new LeaseMonitor(Duration.ofMillis(200), () -> Duration.ofSeconds(1),
			false, List.of(this.leaseLost::add));

	private final LockTemplate template = new LockTemplate(() -> redisson, PREFIX,
			LockOptions.DEFAULT.withWaitTime(Duration.ofSeconds(5)), this.leaseMonitor);

	private final ExecutorService executor = Executors.newFixedThreadPool(8);

	@BeforeAll
	static void connect() {
		redisson = TestRedisson.shared();
	}

	@AfterAll
	static void disconnect() {
		redisson.getKeys().deleteByPattern(PREFIX + "*");
		redisson.shutdown();
	}

	@AfterEach
	void stop() {
		this.executor.shutdownNow();
		this.leaseMonitor.close();
	}

	@Test
	void fencingTokensIncreaseWithEveryAcquisition() {
		long first = this.template.withLock("tokens", LockOptions.DEFAULT, LockHandle::fencingToken);
		long second = this.template.withLock("tokens", LockOptions.DEFAULT, LockHandle::fencingToken);
		long third = this.template.withLock("tokens", LockOptions.DEFAULT, LockHandle::fencingToken);
		assertThat(second).isGreaterThan(first);
		assertThat(third).isGreaterThan(second);
	}

	@Test
	void protectedCodeReadsItsTokenFromTheLockContext() {
		long[] tokens = new long[2];
		this.template.withLock("context", LockOptions.DEFAULT, (lock) -> {
			tokens[0] = lock.fencingToken();
			tokens[1] = LockContext.currentFencingToken();
			return null;
		});
		assertThat(tokens[1]).isEqualTo(tokens[0]);
		assertThat(LockContext.current()).isEmpty();
		assertThatIllegalStateException().isThrownBy(LockContext::currentFencingToken)
			.withMessageContaining("No cachekit lock is held");
	}

	@Test
	void lockIsReleasedAfterTheActionThrows() {
		assertThatIllegalStateException().isThrownBy(() -> this.template.withLock("throws", () -> {
			throw new IllegalStateException("boom");
		}));
		assertThat(redisson.getFencedLock(PREFIX + "throws").isLocked()).isFalse();
	}

	@Test
	void callerThatCannotGetTheLockInTimeGetsAConflict() throws Exception {
		CountDownLatch held = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Future<?> holder = this.executor.submit(() -> this.template.withLock("busy", () -> {
			held.countDown();
			await(release);
		}));
		assertThat(held.await(5, TimeUnit.SECONDS)).isTrue();
		AtomicBoolean ran = new AtomicBoolean();
		assertThatExceptionOfType(LockNotAcquiredException.class)
			.isThrownBy(() -> this.template.withLock("busy",
					LockOptions.DEFAULT.withWaitTime(Duration.ofMillis(100)), (lock) -> ran.getAndSet(true)))
			.satisfies((ex) -> {
				assertThat(ex.httpStatus()).isEqualTo(409);
				assertThat(ex.getMessage()).contains(PREFIX + "busy").contains("100 ms");
			});
		assertThat(ran).isFalse();
		release.countDown();
		holder.get(5, TimeUnit.SECONDS);
	}

	@Test
	void skipPolicyReturnsWithoutRunningTheAction() throws Exception {
		CountDownLatch held = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Future<?> holder = this.executor.submit(() -> this.template.withLock("skip", () -> {
			held.countDown();
			await(release);
		}));
		assertThat(held.await(5, TimeUnit.SECONDS)).isTrue();
		AtomicBoolean ran = new AtomicBoolean();
		Object result = this.template.withLock("skip",
				LockOptions.DEFAULT.withFailurePolicy(LockFailurePolicy.SKIP), (lock) -> ran.getAndSet(true));
		assertThat(result).isNull();
		assertThat(ran).isFalse();
		release.countDown();
		holder.get(5, TimeUnit.SECONDS);
	}

	@Test
	void watchdogKeepsTheLockWhileTheHolderRunsPastTheWatchdogTimeout() throws Exception {
		CountDownLatch held = new CountDownLatch(1);
		CountDownLatch done = new CountDownLatch(1);
		Future<?> holder = this.executor.submit(() -> this.template.withLock("watchdog", () -> {
			held.countDown();
			await(done);
		}));
		assertThat(held.await(5, TimeUnit.SECONDS)).isTrue();
		for (int i = 0; i < 4; i++) {
			sleep(500);
			Object acquired = this.template.withLock("watchdog",
					LockOptions.DEFAULT.withFailurePolicy(LockFailurePolicy.SKIP), (lock) -> "acquired");
			assertThat(acquired).isNull();
		}
		done.countDown();
		holder.get(5, TimeUnit.SECONDS);
		assertThat(this.leaseLost).isEmpty();
	}

	@Test
	void expiredLeaseIsReportedAndTheStaleReleaseLeavesTheNewHolderAlone() throws Exception {
		CountDownLatch newHolderHasLock = new CountDownLatch(1);
		CountDownLatch staleHolderDone = new CountDownLatch(1);
		long staleToken = this.template.withLock("expired",
				LockOptions.DEFAULT.withLeaseTime(Duration.ofMillis(300)), (lock) -> {
					this.executor.submit(() -> this.template.withLock("expired", () -> {
						newHolderHasLock.countDown();
						await(staleHolderDone);
					}));
					await(newHolderHasLock);
					return lock.fencingToken();
				});
		assertThat(redisson.getFencedLock(PREFIX + "expired").isLocked()).isTrue();
		staleHolderDone.countDown();
		// reported by the lease's timer, or by the stale release when the new holder got in before the timer ran;
		// the report may still be on its way to the listener when withLock returns
		awaitLeaseLost();
		assertThat(this.leaseLost).singleElement().satisfies((event) -> {
			assertThat(event.fencingToken()).isEqualTo(staleToken);
			assertThat(event.lockName()).isEqualTo(PREFIX + "expired");
			assertThat(event.reason()).containsAnyOf("the lease of 300 ms expired", "no longer held");
		});
	}

	@Test
	void watchdogLeaseLossIsReportedWhenRedisNoLongerRecordsTheHolder() throws Exception {
		CountDownLatch held = new CountDownLatch(1);
		CountDownLatch reported = new CountDownLatch(1);
		Future<?> holder = this.executor.submit(() -> this.template.withLock("vanished", (Runnable) () -> {
			held.countDown();
			await(reported);
		}));
		assertThat(held.await(5, TimeUnit.SECONDS)).isTrue();
		// e.g. a failover to a replica that never saw the lock
		redisson.getKeys().delete(PREFIX + "vanished");
		awaitLeaseLost();
		reported.countDown();
		holder.get(5, TimeUnit.SECONDS);
		assertThat(this.leaseLost).singleElement()
			.satisfies((event) -> assertThat(event.reason()).contains("Redis no longer records this holder"));
	}

	@Test
	void holderIsInterruptedWhenConfiguredAndItsLeaseIsLost() {
		try (LeaseMonitor interrupting = new LeaseMonitor(Duration.ofMillis(200), () -> Duration.ofSeconds(1), true,
				List.of())) {
			LockTemplate template = new LockTemplate(() -> redisson, PREFIX, LockOptions.DEFAULT, interrupting);
			boolean interrupted = template.withLock("interrupt",
					LockOptions.DEFAULT.withLeaseTime(Duration.ofMillis(200)), (lock) -> {
						try {
							Thread.sleep(5000);
							return false;
						}
						catch (InterruptedException ex) {
							return lock.isLeaseLost();
						}
					});
			assertThat(interrupted).isTrue();
		}
	}

	@Test
	void redisDownFailsClearlyWithoutRunningTheAction() {
		EmbeddedRedisServer server = EmbeddedRedisServer.start(0);
		RedissonClient client = TestRedisson.create(server.url());
		try {
			LockTemplate template = new LockTemplate(() -> client, PREFIX, LockOptions.DEFAULT, this.leaseMonitor);
			assertThat(template.withLock("down", () -> "works")).isEqualTo("works");
			server.stop();
			AtomicBoolean ran = new AtomicBoolean();
			assertThatExceptionOfType(LockUnavailableException.class)
				.isThrownBy(() -> template.withLock("down", () -> ran.set(true)))
				.satisfies((ex) -> {
					assertThat(ex.httpStatus()).isEqualTo(503);
					assertThat(ex.getMessage()).contains("Redis is unavailable").contains("did not run");
				});
			assertThat(ran).isFalse();
		}
		finally {
			client.shutdown();
			server.close();
		}
	}

	@Test
	void fencingTokensKeepGrowingAfterRedisLosesThem() {
		EmbeddedRedisServer server = EmbeddedRedisServer.start(0);
		RedissonClient client = TestRedisson.create(server.url());
		try {
			LockTemplate template = new LockTemplate(() -> client, PREFIX, LockOptions.DEFAULT, this.leaseMonitor);
			LockOptions options = LockOptions.DEFAULT;
			long first = template.withLock("fenced", options, LockHandle::fencingToken);
			long second = template.withLock("fenced", options, LockHandle::fencingToken);
			assertThat(second).isGreaterThan(first);
			assertThat(server.command("FLUSHALL")).isEqualTo("OK");
			assertThat(server.command("DBSIZE")).as("the flush landed").isEqualTo("0");
			long afterFlush = template.withLock("fenced", options, LockHandle::fencingToken);
			assertThat(afterFlush).isGreaterThan(second);
			server.kill();
			server.start();
			assertThat(server.command("DBSIZE")).as("restarted empty").isEqualTo("0");
			long afterRestart = awaitToken(template);
			assertThat(afterRestart).isGreaterThan(afterFlush);
			assertThat(server.command("PTTL", LockTemplate.tokenKey(PREFIX + "fenced"))).as("the last token expires")
				.matches("[1-9][0-9]*");
		}
		finally {
			client.shutdown();
			server.close();
		}
	}

	private static long awaitToken(LockTemplate template) {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (true) {
			try {
				return template.withLock("fenced", LockOptions.DEFAULT, LockHandle::fencingToken);
			}
			catch (LockUnavailableException ex) {
				if (System.nanoTime() > deadline) {
					throw ex;
				}
				sleep(200);
			}
		}
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Waits up to 5 s for a lease-lost report to reach the listener. */
	private void awaitLeaseLost() {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (this.leaseLost.isEmpty() && System.nanoTime() < deadline) {
			sleep(10);
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
