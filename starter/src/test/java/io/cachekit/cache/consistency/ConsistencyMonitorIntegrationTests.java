package io.cachekit.cache.consistency;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

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
import static org.awaitility.Awaitility.await;

/**
 * The consistency monitor on a real Redis, with an application that writes its "database" (a map) and then
 * the cache: 10,000 sampled writes from four threads are all consistent within T; writes to the database
 * that bypass the cache are reported, each within T plus one check interval.
 */
class ConsistencyMonitorIntegrationTests {

	private static final Duration DELAY = Duration.ofMillis(300);

	/** A first disagreement is confirmed half an interval later: 125 ms for writers preempted mid-write. */
	private static final Duration CHECK_INTERVAL = Duration.ofMillis(250);

	private final Map<String, String> database = new ConcurrentHashMap<>();

	private RedissonClient redisson;

	private ConsistencyMonitor monitor;

	private CachekitCacheManager manager;

	private CachekitCache cache;

	@BeforeEach
	void start() {
		this.redisson = TestRedisson.plain(DevServices.shared().redis().url(),
				(config) -> config.useSingleServer().setConnectionMinimumIdleSize(4));
		this.monitor = new ConsistencyMonitor(List.of(AccountsSource.over(this.database)), 1.0, DELAY, CHECK_INTERVAL,
				20_000, Clock.systemUTC());
		this.manager = CachekitCacheManager.builder(new RedisCacheStore(this.redisson, Duration.ofSeconds(2)))
			.namespace("consistency-" + UUID.randomUUID().toString().substring(0, 8))
			.cache("accounts", CacheSpec.defaults().withTtl(Duration.ofMinutes(5)))
			.writeSampler(this.monitor)
			.build();
		this.cache = this.manager.getCachekitCache("accounts");
		this.monitor.afterSingletonsInstantiated();
	}

	@AfterEach
	void stop() {
		this.monitor.destroy();
		this.manager.destroy();
		this.redisson.shutdown();
	}

	@Test
	void tenThousandSampledWritesThroughTheApplicationAreAllConsistent() throws Exception {
		ExecutorService writers = Executors.newFixedThreadPool(4);
		try {
			List<Future<?>> running = new ArrayList<>();
			for (int t = 0; t < 4; t++) {
				int writer = t;
				running.add(writers.submit(() -> {
					for (int i = 0; i < 2_500; i++) {
						// 500 keys per writer, written over and over: the database first, then the cache
						String key = "account-" + writer + "-" + (i % 500);
						String value = "balance-" + i;
						this.database.put(key, value);
						if (i % 10 == 9) {
							this.cache.evict(key);
						}
						else {
							this.cache.put(key, value);
						}
					}
				}));
			}
			for (Future<?> writer : running) {
				writer.get(2, TimeUnit.MINUTES);
			}
		}
		finally {
			writers.shutdown();
		}
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(report().checked() + report().unchecked()).isEqualTo(10_000));
		ConsistencyMonitor.Report report = report();
		assertThat(report.unchecked()).isZero();
		assertThat(report.consistent()).isEqualTo(10_000);
		assertThat(report.inconsistent()).isZero();
		assertThat(report.ratio()).isEqualTo(1.0);
		assertThat(report.dropped()).isZero();
	}

	@Test
	void writesThatBypassTheCacheAreReportedWithinTheDelayPlusOneInterval() {
		for (int i = 0; i < 5; i++) {
			this.database.put("bypassed-" + i, "v1");
			this.cache.put("bypassed-" + i, "v1");
			// a batch job updates the database directly: nothing evicts the cached v1
			this.database.put("bypassed-" + i, "v2");
		}
		this.database.put("fine", "v1");
		this.cache.put("fine", "v1");
		long written = System.nanoTime();
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
			.untilAsserted(() -> assertThat(report().checked()).isEqualTo(6));
		Duration reportedAfter = Duration.ofNanos(System.nanoTime() - written);
		assertThat(report().inconsistent()).isEqualTo(5);
		assertThat(report().consistent()).isEqualTo(1);
		// T plus one interval, plus slack for a loaded machine
		assertThat(reportedAfter).isLessThan(DELAY.plus(CHECK_INTERVAL).plus(Duration.ofSeconds(2)));
		assertThat(report().nines()).isCloseTo(-Math.log10(5.0 / 6), org.assertj.core.data.Offset.offset(1e-9));
	}

	@Test
	void aSourceThatFailsLeavesSamplesUncheckedAndNoRatio() {
		ConsistencyMonitor failing = new ConsistencyMonitor(List.of(new AccountsSource((key) -> {
			throw new IllegalStateException("the database is down");
		})), 1.0, Duration.ofMillis(10),
				CHECK_INTERVAL, 100, Clock.systemUTC());
		failing.afterSingletonsInstantiated();
		try {
			this.database.put("k", "v");
			this.cache.put("k", "v");
			failing.written(this.cache, "k");
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(failing.report("accounts").unchecked()).isEqualTo(1));
			assertThat(failing.report("accounts").checked()).isZero();
			assertThat(failing.report("accounts").ratio()).as("never 100 % without a check").isNaN();
		}
		finally {
			failing.destroy();
		}
	}

	@Test
	void cachesWithoutASourceAreNotSampled() {
		CachekitCache other = this.manager.getCache("other") instanceof CachekitCache cache ? cache : null;
		assertThat(other).isNotNull();
		other.put("k", "v");
		assertThat(this.monitor.report("other")).isNull();
		assertThat(this.monitor.cacheNames()).containsExactly("accounts");
	}

	private ConsistencyMonitor.Report report() {
		return this.monitor.report("accounts");
	}

}
