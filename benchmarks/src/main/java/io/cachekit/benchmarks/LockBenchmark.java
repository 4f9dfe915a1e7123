package io.cachekit.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.redisson.api.RFencedLock;
import org.redisson.api.RLock;
import org.redisson.api.RedissonClient;

import io.cachekit.lock.LeaseMonitor;
import io.cachekit.lock.LockHandle;
import io.cachekit.lock.LockOptions;
import io.cachekit.lock.LockTemplate;

/**
 * Lock + unlock cycles per second on the same Redis: cachekit's {@link LockTemplate} (fenced lock,
 * token handed to the code, lease watched) against a raw Redisson {@code RLock} and a raw
 * {@code RFencedLock}. Each cycle takes one of {@value #KEYS} locks at random, with watchdog
 * renewal, as an annotated method without a lease time would.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class LockBenchmark {

	static final int KEYS = 1000;

	private RedissonClient redisson;

	private LeaseMonitor leaseMonitor;

	private LockTemplate template;

	private String prefix;

	private final LockOptions options = LockOptions.DEFAULT.withWaitTime(Duration.ofSeconds(5));

	@Setup(Level.Trial)
	public void setUp() {
		this.prefix = "bench:lock:" + ProcessHandle.current().pid() + ":";
		this.redisson = BenchmarkRedis.redisson();
		this.leaseMonitor = new LeaseMonitor(Duration.ofSeconds(10), () -> Duration.ofSeconds(30), false, List.of());
		this.template = new LockTemplate(() -> this.redisson, this.prefix + "template:", this.options,
				this.leaseMonitor);
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.leaseMonitor.close();
		this.redisson.getKeys().deleteByPattern(this.prefix + "*");
		this.redisson.shutdown();
	}

	private int key() {
		return ThreadLocalRandom.current().nextInt(KEYS);
	}

	@Benchmark
	public boolean rawRLock() throws InterruptedException {
		RLock lock = this.redisson.getLock(this.prefix + "raw:" + key());
		if (lock.tryLock(5, TimeUnit.SECONDS)) {
			lock.unlock();
			return true;
		}
		return false;
	}

	@Benchmark
	public Long rawRFencedLock() {
		RFencedLock lock = this.redisson.getFencedLock(this.prefix + "fenced:" + key());
		Long token = lock.tryLockAndGetToken(5, TimeUnit.SECONDS);
		if (token != null) {
			lock.unlock();
		}
		return token;
	}

	@Benchmark
	public long lockTemplate() {
		return this.template.withLock(String.valueOf(key()), this.options, LockHandle::fencingToken);
	}

}
