package io.cachekit.benchmarks;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowSynchronizationStrategy;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the circuit breaker costs each cache call: permission plus a recorded success, with the count-based
 * window of 20 calls cachekit configures, under each of Resilience4j's window synchronization strategies.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class BreakerWindowBenchmark {

	@Param({ "LOCK_FREE", "SYNCHRONIZED" })
	public SlidingWindowSynchronizationStrategy strategy;

	private CircuitBreaker breaker;

	@Setup(Level.Trial)
	public void setUp() {
		this.breaker = CircuitBreaker.of("bench", CircuitBreakerConfig.custom()
			.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
			.slidingWindowSize(20)
			.minimumNumberOfCalls(10)
			.slowCallDurationThreshold(Duration.ofSeconds(60))
			.slidingWindowSynchronizationStrategy(this.strategy)
			.build());
	}

	@Benchmark
	public boolean permissionAndSuccess() {
		boolean permitted = this.breaker.tryAcquirePermission();
		this.breaker.onSuccess(1000, TimeUnit.NANOSECONDS);
		return permitted;
	}

}
