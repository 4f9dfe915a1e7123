package io.cachekit.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * End-to-end lag (update accepted → persisted in MongoDB by the worker process) at a fixed offered load:
 * the benchmark's threads (8 unless {@code --threads} says otherwise) together offer {@code rate} updates
 * per second for {@code seconds} seconds, on a schedule (a late thread does not make up for lost time, so
 * the achieved rate is reported). Before that, the same load runs for {@code warmupSeconds} so that both
 * JVMs are compiled and the worker has settled; the tear-down prints the worker's p50/p99 lag
 * ({@code cachekit.worker.lag}) over the measured updates only, and the achieved rate. The JMH score itself
 * is only the wall time of the run.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Threads(8)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
public class WriteBehindLagBenchmark {

	@Benchmark
	public long offeredLoad(LagState state, BenchmarkParams params) {
		return offer(state, params.getThreads(), state.seconds);
	}

	/** One thread's share of the offered load: rate / threads saves per second, on a schedule. */
	static long offer(LagState state, int threads, int seconds) {
		long interval = TimeUnit.SECONDS.toNanos(1) * threads / state.rate;
		long start = System.nanoTime();
		long end = start + TimeUnit.SECONDS.toNanos(seconds);
		long next = start + ThreadLocalRandom.current().nextLong(interval);
		long sent = 0;
		while (next < end) {
			long wait = next - System.nanoTime();
			if (wait > 0) {
				LockSupport.parkNanos(wait);
			}
			long n = state.saves.incrementAndGet();
			state.stack.template.save("item", "k" + ThreadLocalRandom.current().nextInt(WriteBehindBenchmark.KEYS),
					WriteBehindBenchmark.entity(n));
			sent++;
			next += interval;
		}
		return sent;
	}

	/**
	 * The pipeline and the offered load.
	 */
	@State(Scope.Benchmark)
	public static class LagState {

		@Param({ "2000", "5000" })
		int rate;

		@Param("30")
		int seconds;

		@Param("15")
		int warmupSeconds;

		List<double[]> afterWarmup = List.of();

		WriteBehindStack stack;

		final AtomicLong saves = new AtomicLong();

		long started;

		int threads;

		@Setup(Level.Trial)
		public void setUp(BenchmarkParams params) throws Exception {
			this.threads = params.getThreads();
			this.stack = new WriteBehindStack();
			// warm up both JVMs at the offered rate, then measure only what follows
			ExecutorService warmers = Executors.newFixedThreadPool(this.threads);
			try {
				List<Future<Long>> warming = new ArrayList<>();
				for (int t = 0; t < this.threads; t++) {
					warming.add(warmers.submit(() -> offer(this, this.threads, this.warmupSeconds)));
				}
				for (Future<Long> warm : warming) {
					warm.get();
				}
			}
			finally {
				warmers.shutdownNow();
			}
			this.stack.awaitDrained(Duration.ofMinutes(2));
			this.afterWarmup = this.stack.lagBuckets();
			this.saves.set(0);
			this.started = System.nanoTime();
		}

		@TearDown(Level.Trial)
		public void tearDown() throws Exception {
			try {
				double seconds = (System.nanoTime() - this.started) / 1e9;
				this.stack.awaitDrained(Duration.ofMinutes(5));
				System.out.printf("%nWRITE-BEHIND LAG at %d/s offered by %d threads for %d s after a warm-up at that rate: achieved %,.0f updates/s; "
						+ "end-to-end lag p50 %.0f ms, p99 %.0f ms%n", this.rate, this.threads, this.seconds, this.saves.get() / seconds,
						this.stack.lagQuantileMillis("0.5", this.afterWarmup),
						this.stack.lagQuantileMillis("0.99", this.afterWarmup));
			}
			finally {
				this.stack.close();
			}
		}

	}

}
