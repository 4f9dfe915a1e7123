package io.cachekit.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.cachekit.test.DevServices;
import io.cachekit.writebehind.envelope.WriteBehindEnvelope;
import io.cachekit.writebehind.envelope.WriteBehindEnvelopeCodec;

/**
 * Request latency at a fixed offered load, the question JMH's closed loop cannot answer: updates arrive at a
 * steady rate (default 2,000/s) and are served by a fixed pool of callers (default 32), and each update's
 * latency is measured from the instant it was due, so time spent queued behind slow calls counts (no
 * coordinated omission). Per durable-write model ({@link DelayingProxy}, as in {@link DurableWriteBenchmark}):
 * write-through (the upsert in the request, through the proxy) and write-behind
 * ({@code WriteBehindTemplate.save}; the worker process persists through the proxy, during the window or after
 * it).
 * <p>
 * Arguments: {@code --models 2ms,10ms}, {@code --rate 2000}, {@code --callers 32}, {@code --seconds 30}
 * (measured), {@code --warmup 30} (seconds at the same rate, discarded; long enough for the backlog of a
 * cold start to drain, which the run checks), {@code --cases during,after} (the write-behind cases to run
 * besides write-through; {@code parts} adds the two halves of a save on their own), {@code --out FILE}
 * (Markdown).
 */
public final class OfferedLoadRun {

	/** A call slower than this marks its second in the stall report. */
	private static final long STALL = TimeUnit.MILLISECONDS.toNanos(50);

	private OfferedLoadRun() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = RunReport.options(args);
		List<String> models = List.of(options.getOrDefault("models", "2ms,10ms").split(","));
		int rate = Integer.parseInt(options.getOrDefault("rate", "2000"));
		int callers = Integer.parseInt(options.getOrDefault("callers", "32"));
		int seconds = Integer.parseInt(options.getOrDefault("seconds", "30"));
		int warmup = Integer.parseInt(options.getOrDefault("warmup", "30"));
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
				if (cases.contains("parts")) {
					rows.addAll(partsOfASave(model, rate, callers, seconds, warmup, through));
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
			return offer(model + ", write-through", rate, callers, seconds, warmup,
					() -> WriteBehindBenchmark.upsert(collection, n.incrementAndGet()));
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
				String label = model + ", write-behind, worker during the window=" + workerDuring;
				Result result = offer(label, rate, callers, seconds, warmup,
						() -> stack.template.save("item", key(), WriteBehindBenchmark.entity(n.incrementAndGet())));
				KafkaRequestTimes.print(label);
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
	 * The two halves of a save measured on their own at the same offered load, with no worker running: the Kafka
	 * acknowledgement ({@code EnvelopePublisher.publish}, from a publisher configured as the save's) and the pin
	 * in Redis. They show where a save's tail comes from, and what the tail of the Kafka acknowledgement alone is
	 * on this machine. Neither goes through the proxy: the model only picks the write-through row they are
	 * compared with. A failed pin counts as a failure here, where a save would log it and carry on.
	 */
	private static List<String> partsOfASave(String model, int rate, int callers, int seconds, int warmup,
			Result through) throws Exception {
		WriteBehindStack stack = new WriteBehindStack(false, DevServices.shared().mongoUri());
		try {
			WriteBehindEnvelopeCodec codec = new WriteBehindEnvelopeCodec(new JsonMapper());
			AtomicLong n = new AtomicLong();
			Result publish = offer(model + ", the Kafka acknowledgement alone", rate, callers, seconds, warmup, () -> {
				JsonNode payload = codec.toPayload(WriteBehindBenchmark.entity(n.incrementAndGet()));
				stack.publisher().publish(new WriteBehindEnvelope("item", key(), 0, System.currentTimeMillis(),
						WriteBehindEnvelope.CURRENT_SCHEMA_VERSION, "benchmark", payload));
			});
			Result pin = offer(model + ", the pin alone", rate, callers, seconds, warmup, () -> {
				long version = n.incrementAndGet();
				String json = codec.toPayload(WriteBehindBenchmark.entity(version)).toString();
				stack.pins().pin("item", key(), version, json);
			});
			return List.of(publish.row(model, "the Kafka acknowledgement alone (half of a save)", through),
					pin.row(model, "the pin in Redis alone (the other half)", through));
		}
		finally {
			stack.close(false);
		}
	}

	private static String key() {
		return "k" + ThreadLocalRandom.current().nextInt(DurableWriteBenchmark.KEYS);
	}

	/**
	 * Offers {@code rate} calls per second to {@code callers} threads, first for the warm-up, then for the
	 * measured seconds, and returns the latencies of the measured calls, each from its due instant. Prints, under
	 * the label, each second of the run in which a call waited longer than {@link #STALL}, and marks the result
	 * when the measured window opened on calls still queued from the warm-up.
	 * @throws IllegalStateException if calls were still running five minutes after the last was due
	 */
	static Result offer(String label, int rate, int callers, int seconds, int warmup, Runnable call)
			throws Exception {
		long interval = TimeUnit.SECONDS.toNanos(1) / rate;
		int warmupCalls = rate * warmup;
		int measuredCalls = rate * seconds;
		long[] latencies = new long[warmupCalls + measuredCalls];
		AtomicInteger failures = new AtomicInteger();
		AtomicInteger completed = new AtomicInteger();
		ExecutorService pool = Executors.newFixedThreadPool(callers);
		long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
		Instant runStart = Instant.now().plusMillis(100);
		long lastDone;
		boolean finished;
		try {
			for (int i = 0; i < warmupCalls + measuredCalls; i++) {
				long due = start + i * interval;
				long wait;
				while ((wait = due - System.nanoTime()) > 0) {
					LockSupport.parkNanos(wait);
				}
				int index = i;
				pool.execute(() -> {
					try {
						call.run();
					}
					catch (RuntimeException ex) {
						failures.incrementAndGet();
					}
					latencies[index] = System.nanoTime() - due;
					completed.incrementAndGet();
				});
			}
		}
		finally {
			pool.shutdown();
			finished = pool.awaitTermination(5, TimeUnit.MINUTES);
			lastDone = System.nanoTime();
		}
		if (!finished || completed.get() != latencies.length) {
			pool.shutdownNow();
			throw new IllegalStateException(label + ": " + (latencies.length - completed.get())
					+ " calls were still running five minutes after the last was due");
		}
		double measuredSeconds = (lastDone - (start + (long) warmupCalls * interval)) / 1e9;
		long[] slowest = slowestPerSecond(latencies, rate);
		printStalls(label, slowest, runStart, warmup);
		// queued, not one slow call: the warm-up's last second and the window's first both had slow calls
		// (with no warm-up, the window's first second is the cold start itself)
		boolean backlog = slowest.length > warmup && slowest[warmup] > STALL
				&& (warmup == 0 || slowest[warmup - 1] > STALL);
		if (backlog) {
			System.out.println("WARNING (" + label + "): the measured window opened on calls still queued from "
					+ ((warmup > 0) ? "the warm-up" : "a cold start") + "; its percentiles include draining them. "
					+ "Run with a longer --warmup.");
		}
		long[] measured = Arrays.copyOfRange(latencies, warmupCalls, latencies.length);
		Arrays.sort(measured);
		return new Result(measured, measuredCalls / measuredSeconds, failures.get(), backlog);
	}

	/** The longest latency among the calls due in each second of the run. */
	private static long[] slowestPerSecond(long[] latencies, int rate) {
		long[] slowest = new long[(latencies.length + rate - 1) / rate];
		for (int i = 0; i < latencies.length; i++) {
			slowest[i / rate] = Math.max(slowest[i / rate], latencies[i]);
		}
		return slowest;
	}

	/**
	 * Prints the seconds of the warm-up and of the measured window in which a call waited longer than
	 * {@link #STALL}, by due instant in wall-clock time, so that a stall or a backlog (a freshly started JVM is
	 * slower until its code is compiled) can be matched with the logs of the broker, the worker and the garbage
	 * collector.
	 */
	private static void printStalls(String label, long[] slowest, Instant start, int warmup) {
		StringBuilder stalls = new StringBuilder();
		for (int second = 0; second < slowest.length; second++) {
			if (slowest[second] > STALL) {
				stalls.append(String.format("  %s (%s) slowest %.1f ms%n", start.plusSeconds(second)
					.truncatedTo(ChronoUnit.MILLIS), (second < warmup) ? "warm-up" : "measured", slowest[second] / 1e6));
			}
		}
		System.out.printf("SECONDS WITH CALLS OVER %d MS (%s; due time, UTC)%n%s",
				TimeUnit.NANOSECONDS.toMillis(STALL), label, stalls.isEmpty() ? "  none\n" : stalls);
	}

	private static void write(Path out, Map<String, String> options, List<String> rows) throws IOException {
		RunReport.write(out, "Offered load: " + options,
				"| model | case | achieved calls/s | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | failures "
						+ "| p99 / write-through p99 |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n",
				rows);
	}

	/** The sorted latencies of the measured calls, and whether calls of the warm-up were still queued. */
	record Result(long[] sorted, double achieved, int failures, boolean backlogAtStart) {

		double millis(double quantile) {
			int index = (int) Math.min(this.sorted.length - 1, Math.ceil(quantile * this.sorted.length) - 1);
			return this.sorted[Math.max(0, index)] / 1e6;
		}

		String row(String model, String label, Result baseline) {
			String ratio = (baseline != null) ? String.format("%.2f×", millis(0.99) / baseline.millis(0.99)) : "—";
			String shown = this.backlogAtStart ? label + " (window opened on queued calls)" : label;
			return String.format("| %s | %s | %,.0f | %.2f | %.2f | %.2f | %.2f | %.2f | %d | %s |", model, shown,
					this.achieved, millis(0.5), millis(0.9), millis(0.99), millis(0.999), millis(1.0), this.failures,
					ratio);
		}

	}

}
