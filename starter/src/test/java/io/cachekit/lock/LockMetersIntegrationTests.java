package io.cachekit.lock;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

import io.cachekit.test.EmbeddedRedisServer;
import io.cachekit.test.TestRedisson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The lock meters on a real Redis, through Micrometer's meter handler as Spring Boot's actuator installs it:
 * {@code cachekit.lock.acquire} per outcome with the wait as its time, and {@code cachekit.lock.held} with
 * whether the lease was kept.
 */
class LockMetersIntegrationTests {

	private static final String PREFIX = "test-lock-meters-" + UUID.randomUUID() + ":";

	private static RedissonClient redisson;

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final LeaseMonitor leaseMonitor = new LeaseMonitor(Duration.ofMillis(200), () -> Duration.ofSeconds(1),
			false, List.of());

	private final LockTemplate template = new LockTemplate(() -> redisson, PREFIX, LockOptions.DEFAULT,
			this.leaseMonitor);

	private final ExecutorService executor = Executors.newSingleThreadExecutor();

	@BeforeAll
	static void connect() {
		redisson = TestRedisson.shared();
	}

	@AfterAll
	static void disconnect() {
		redisson.getKeys().deleteByPattern(PREFIX + "*");
		redisson.shutdown();
	}

	LockMetersIntegrationTests() {
		this.template.setObservationRegistry(observedBy(this.meters));
	}

	static ObservationRegistry observedBy(SimpleMeterRegistry meters) {
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
		return observations;
	}

	@AfterEach
	void stop() {
		this.executor.shutdownNow();
		this.leaseMonitor.close();
	}

	@Test
	void acquisitionsAndHoldsAreTimedPerLockNameNeverPerKey() {
		this.template.withLock("order:1", () -> "paid");
		this.template.withLock("order:2", () -> "paid");
		assertThat(timer("cachekit.lock.acquire", "lock", "order", "outcome", "acquired").count()).isEqualTo(2);
		assertThat(timer("cachekit.lock.held", "lock", "order", "lease", "kept").count()).isEqualTo(2);
		this.template.withLock("report-7", () -> "a key without ':' may be an id");
		assertThat(timer("cachekit.lock.acquire", "lock", LockOptions.UNNAMED, "outcome", "acquired").count())
			.isEqualTo(1);
		assertThat(this.meters.getMeters()).allSatisfy((meter) -> assertThat(meter.getId().getTags())
			.noneMatch((tag) -> tag.getValue().contains("order:") || tag.getValue().contains("report-7")));
	}

	@Test
	void aLockNotAcquiredInTimeIsCountedWithItsWait() throws Exception {
		CountDownLatch held = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		LockOptions named = LockOptions.DEFAULT.withName("payment");
		Future<?> holder = this.executor.submit(() -> this.template.withLock("busy", named, (lock) -> {
			held.countDown();
			return await(release);
		}));
		assertThat(held.await(5, TimeUnit.SECONDS)).isTrue();
		assertThatExceptionOfType(LockNotAcquiredException.class).isThrownBy(() -> this.template.withLock("busy",
				named.withWaitTime(Duration.ofMillis(200)), (lock) -> "never"));
		release.countDown();
		holder.get(5, TimeUnit.SECONDS);
		Timer notAcquired = timer("cachekit.lock.acquire", "lock", "payment", "outcome", "not-acquired");
		assertThat(notAcquired.count()).isEqualTo(1);
		assertThat(notAcquired.totalTime(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(190);
		assertThat(timer("cachekit.lock.acquire", "lock", "payment", "outcome", "acquired").count()).isEqualTo(1);
	}

	@Test
	void aLostLeaseIsCountedOnTheHold() {
		this.template.withLock("report:7", LockOptions.DEFAULT.withLeaseTime(Duration.ofMillis(100)), (lock) -> {
			sleep(400);
			return null;
		});
		assertThat(timer("cachekit.lock.held", "lock", "report", "lease", "lost").count()).isEqualTo(1);
	}

	@Test
	void redisDownIsCountedAsUnavailable() {
		EmbeddedRedisServer server = EmbeddedRedisServer.start(0);
		RedissonClient client = TestRedisson.create(server.url());
		try {
			LockTemplate template = new LockTemplate(() -> client, PREFIX, LockOptions.DEFAULT, this.leaseMonitor);
			template.setObservationRegistry(observedBy(this.meters));
			server.stop();
			assertThatExceptionOfType(LockUnavailableException.class)
				.isThrownBy(() -> template.withLock("stock:1", () -> "never"));
			assertThat(timer("cachekit.lock.acquire", "lock", "stock", "outcome", "unavailable").count()).isEqualTo(1);
		}
		finally {
			client.shutdown();
			server.close();
		}
	}

	private Timer timer(String name, String... tags) {
		return this.meters.get(name).tags(tags).timer();
	}

	private static Object await(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
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
