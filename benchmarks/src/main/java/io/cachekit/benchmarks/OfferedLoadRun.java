package io.cachekit.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import org.bson.Document;

import io.cachekit.test.DevServices;

/**
 * Request latency at a fixed offered load, the question JMH's closed loop cannot answer: updates arrive at a
 * steady rate (default 2,000/s) and are served by a fixed pool of callers (default 32), and each update's
 * latency is measured from the instant it was due, so time spent queued behind slow calls counts (no
 * coordinated omission). Two cases per durable-write model ({@link DelayingProxy}, as in
 * {@link DurableWriteBenchmark}): write-through (the upsert in the request, through the proxy) and
 * write-behind ({@code WriteBehindTemplate.save}; the worker process persists through the proxy).
 * <p>
 * Arguments: {@code --models 2ms,10ms}, {@code --rate 2000}, {@code --callers 32}, {@code --seconds 30}
 * (measured), {@code --warmup 10} (seconds at the same rate, discarded), {@code --cases during,after} (the
 * write-behind cases to run besides write-through), {@code --out FILE} (Markdown).
 */
public final class OfferedLoadRun {

	private OfferedLoadRun() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = RunReport.options(args);
		List<String> models = List.of(options.getOrDefault("models", "2ms,10ms").split(","));
		int rate = Integer.parseInt(options.getOrDefault("rate", "2000"));
		int callers = Integer.parseInt(options.getOrDefault("callers", "32"));
		int seconds = Integer.parseInt(options.getOrDefault("seconds", "30"));
		int warmup = Integer.parseInt(options.getOrDefault("warmup", "10"));
		List<String> cases = List.of(options.getOrDefault("cases", "during,after").split(","));
		Path out = Path.of(options.getOrDefault("out", "docs/benchmarks/offered-load.md"));
		List<String> rows = new ArrayList<>();
		try {
			for (String model : models) {
				Result through = writeThrough(model, rate, callers, seconds, warmup);
				rows.add(through.row(model, "write-through", null));
				if (cases.contains("during")) {
					Result behind = writeBehind(model, rate, callers, seconds, warmup, true);
					rows.add(behind.row(model, "write-behind, worker persisting during the window", through));
				}
				if (cases.contains("after")) {
					Result saves = writeBehind(model, rate, callers, seconds, warmup, false);
					rows.add(saves.row(model, "write-behind, worker draining after the window", through));
				}
				write(out, options, rows);
			}
		}
		finally {
			write(out, options, rows);
			DevServices.shared().close();
			System.exit(0);
		}
	}

	private static Result writeThrough(String model, int rate, int callers, int seconds, int warmup) throws Exception {
		try (DelayingProxy proxy = DurableWriteBenchmark.proxy(model);
				MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + proxy.port()
						+ "/?maxPoolSize=" + (callers + 8))) {
			MongoCollection<Document> collection = client.getDatabase("bench-offered")
				.getCollection("item")
				.withWriteConcern(WriteConcern.MAJORITY.withJournal(true).withWTimeout(10, TimeUnit.SECONDS));
			AtomicLong n = new AtomicLong();
			return offer(rate, callers, seconds, warmup, () -> WriteBehindBenchmark.upsert(collection, n.incrementAndGet()));
		}
	}

	/**
	 * Write-behind saves at the offered load. With {@code workerDuring}, the worker process persists while the
	 * saves are measured (the whole pipeline on this machine's cores at once); without, it starts after the
	 * measured window and drains the backlog then, as a worker on machines of its own would not compete with
	 * the callers for CPU.
	 */
	private static Result writeBehind(String model, int rate, int callers, int seconds, int warmup,
			boolean workerDuring) throws Exception {
		try (DelayingProxy proxy = DurableWriteBenchmark.proxy(model)) {
			WriteBehindStack stack = new WriteBehindStack(workerDuring, "mongodb://127.0.0.1:" + proxy.port());
			try {
				AtomicLong n = new AtomicLong();
				long started = System.nanoTime();
				Result result = offer(rate, callers, seconds, warmup, () -> stack.template.save("item",
						"k" + ThreadLocalRandom.current().nextInt(DurableWriteBenchmark.KEYS),
						WriteBehindBenchmark.entity(n.incrementAndGet())));
				KafkaRequestTimes.print(model + ", worker during the window=" + workerDuring);
				if (!workerDuring) {
					stack.startWorker();
				}
				stack.printDrained("OFFERED LOAD WRITE-BEHIND model=" + model + " worker during the window="
						+ workerDuring, n.get(), started, Duration.ofMinutes(5));
				return result;
			}
			finally {
				stack.close(false);
			}
		}
	}

	/**
	 * Offers {@code rate} calls per second to {@code callers} threads, first for the warm-up, then for the
	 * measured seconds, and returns the latencies of the measured calls, each from its due instant.
	 */
	static Result offer(int rate, int callers, int seconds, int warmup, Runnable call) throws Exception {
		long interval = TimeUnit.SECONDS.toNanos(1) / rate;
		int warmupCalls = rate * warmup;
		int measuredCalls = rate * seconds;
		long[] latencies = new long[measuredCalls];
		AtomicInteger failures = new AtomicInteger();
		AtomicInteger completed = new AtomicInteger();
		ExecutorService pool = Executors.newFixedThreadPool(callers);
		long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
		long lastDone;
		try {
			for (int i = 0; i < warmupCalls + measuredCalls; i++) {
				long due = start + i * interval;
				long wait;
				while ((wait = due - System.nanoTime()) > 0) {
					LockSupport.parkNanos(wait);
				}
				int index = i - warmupCalls;
				pool.execute(() -> {
					try {
						call.run();
					}
					catch (RuntimeException ex) {
						failures.incrementAndGet();
					}
					if (index >= 0) {
						latencies[index] = System.nanoTime() - due;
					}
					completed.incrementAndGet();
				});
			}
		}
		finally {
			pool.shutdown();
			pool.awaitTermination(5, TimeUnit.MINUTES);
			lastDone = System.nanoTime();
		}
		double measuredSeconds = (lastDone - (start + (long) warmupCalls * interval)) / 1e9;
		Arrays.sort(latencies);
		return new Result(latencies, measuredCalls / measuredSeconds, failures.get());
	}

	private static void write(Path out, Map<String, String> options, List<String> rows) throws IOException {
		RunReport.write(out, "Offered load: " + options,
				"| model | case | achieved calls/s | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | failures "
						+ "| p99 / write-through p99 |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n",
				rows);
	}

	/** The sorted latencies of the measured calls. */
	record Result(long[] sorted, double achieved, int failures) {

		double millis(double quantile) {
			int index = (int) Math.min(this.sorted.length - 1, Math.ceil(quantile * this.sorted.length) - 1);
			return this.sorted[Math.max(0, index)] / 1e6;
		}

		String row(String model, String label, Result baseline) {
			String ratio = (baseline != null) ? String.format("%.2f×", millis(0.99) / baseline.millis(0.99)) : "—";
			return String.format("| %s | %s | %,.0f | %.2f | %.2f | %.2f | %.2f | %.2f | %d | %s |", model, label,
					this.achieved, millis(0.5), millis(0.9), millis(0.99), millis(0.999), millis(1.0), this.failures,
					ratio);
		}

	}

}
