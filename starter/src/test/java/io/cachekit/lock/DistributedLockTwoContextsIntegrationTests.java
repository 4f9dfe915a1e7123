package io.cachekit.lock;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.api.RBucket;
import org.redisson.api.RedissonClient;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.cachekit.test.DevService;
import io.cachekit.test.ImportDevServices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Two application contexts (two "instances") × 16 threads increment a non-atomic counter in Redis
 * (read, then write) 1,000 times through a {@link DistributedLock @DistributedLock} method: no
 * update is lost. The same work without the lock loses updates, which shows the test can tell.
 */
class DistributedLockTwoContextsIntegrationTests {

	private static final String NAMESPACE = "test-lock2-" + UUID.randomUUID();

	private static final String PREFIX = NAMESPACE + ":~lock:";

	private static ConfigurableApplicationContext first;

	private static ConfigurableApplicationContext second;

	@BeforeAll
	static void startTwoInstances() {
		first = start();
		second = start();
	}

	private static ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(TwoInstancesConfiguration.class).web(WebApplicationType.NONE)
			.properties("cachekit.namespace=" + NAMESPACE, "spring.main.banner-mode=off")
			.run();
	}

	@AfterAll
	static void stop() {
		first.getBean(RedissonClient.class).getKeys().deleteByPattern(PREFIX + "*");
		first.close();
		second.close();
	}

	@Test
	void noUpdateIsLostAcrossTwoInstancesUnderTheLock() throws Exception {
		String counter = PREFIX + "locked";
		incrementFromBothInstances(counter, true);
		assertThat(read(counter)).isEqualTo(1000);
	}

	@Test
	void theSameWorkWithoutTheLockLosesUpdates() throws Exception {
		String counter = PREFIX + "unlocked";
		incrementFromBothInstances(counter, false);
		assertThat(read(counter)).isLessThan(1000);
	}

	@Test
	void skippedCallReturnsAnEmptyOptional() throws Exception {
		Counter counter = first.getBean(Counter.class);
		Optional<String> result = counter.holdWhileSkipping(() -> second.getBean(Counter.class).tryWork());
		assertThat(result).isEmpty();
	}

	@Test
	void callerThatCannotGetTheLockInTimeGetsAConflict() throws Exception {
		Counter counter = first.getBean(Counter.class);
		counter.holdWhileSkipping(() -> {
			assertThatExceptionOfType(LockNotAcquiredException.class)
				.isThrownBy(() -> second.getBean(Counter.class).impatientWork())
				.withMessageContaining(PREFIX + "work");
			return Optional.empty();
		});
	}

	@Test
	void protectedMethodSeesItsFencingToken() {
		long token = first.getBean(Counter.class).token();
		long later = second.getBean(Counter.class).token();
		assertThat(later).isGreaterThan(token);
	}

	private static void incrementFromBothInstances(String counter, boolean locked) throws Exception {
		ExecutorService firstThreads = Executors.newFixedThreadPool(16);
		ExecutorService secondThreads = Executors.newFixedThreadPool(16);
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (int i = 0; i < 500; i++) {
				futures.add(firstThreads.submit(() -> increment(first, counter, locked)));
				futures.add(secondThreads.submit(() -> increment(second, counter, locked)));
			}
			for (Future<?> future : futures) {
				future.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			firstThreads.shutdownNow();
			secondThreads.shutdownNow();
		}
	}

	private static void increment(ConfigurableApplicationContext context, String counter, boolean locked) {
		Counter bean = context.getBean(Counter.class);
		if (locked) {
			bean.increment(counter);
		}
		else {
			bean.incrementUnlocked(counter);
		}
	}

	private static long read(String counter) {
		Long value = first.getBean(RedissonClient.class).<Long>getBucket(counter).get();
		return (value != null) ? value : 0;
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@ImportDevServices(DevService.REDIS)
	static class TwoInstancesConfiguration {

		@Bean
		Counter counter(RedissonClient redisson) {
			return new Counter(redisson);
		}

	}

	/**
	 * A read-modify-write counter that is only correct under the lock.
	 */
	static class Counter {

		private final RedissonClient redisson;

		Counter(RedissonClient redisson) {
			this.redisson = redisson;
		}

		@DistributedLock(key = "#counter", waitTime = "30s")
		public void increment(String counter) {
			incrementUnlocked(counter);
		}

		public void incrementUnlocked(String counter) {
			RBucket<Long> bucket = this.redisson.getBucket(counter);
			Long value = bucket.get();
			bucket.set((value != null) ? value + 1 : 1);
		}

		@DistributedLock(key = "'work'", waitTime = "0s")
		public Optional<String> holdWhileSkipping(java.util.concurrent.Callable<Optional<String>> whileHeld)
				throws Exception {
			return whileHeld.call();
		}

		@DistributedLock(key = "'work'", waitTime = "0s", failurePolicy = LockFailurePolicy.SKIP)
		public Optional<String> tryWork() {
			return Optional.of("ran");
		}

		@DistributedLock(key = "'work'", waitTime = "50ms")
		public Optional<String> impatientWork() {
			return Optional.of("ran");
		}

		@DistributedLock(key = "'token'")
		public long token() {
			return LockContext.currentFencingToken();
		}

	}

}
