package io.cachekit.benchmarks;

import java.time.Duration;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import org.bson.Document;
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
import org.openjdk.jmh.annotations.Warmup;

import io.cachekit.test.DevServices;
import io.cachekit.writebehind.WriteBehindTemplate;

/**
 * Updates per second a request thread can make durable: write-behind ({@code WriteBehindTemplate.save}:
 * version from Redis, Kafka acknowledgement, pinned cache entry; the worker process persists in batches) versus
 * synchronous write-through (an upsert into MongoDB in the request, majority and journaled like the worker's
 * writes). Each picks one of {@value #KEYS} keys at random and writes a small JSON entity. After the
 * write-behind run, the tear-down waits for the worker to commit everything and prints the sustained
 * persisted rate (updates / time from the first save until the worker caught up).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 5)
@Measurement(iterations = 3, time = 10)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
public class WriteBehindBenchmark {

	static final int KEYS = 1000;

	static Map<String, Object> entity(long n) {
		return Map.of("name", "product-" + n, "price", n % 1000, "stock", n % 37, "tags", "a,b,c");
	}

	@Benchmark
	public long writeBehind(WriteBehindState state) {
		long n = state.saves.incrementAndGet();
		return state.template.save("item", "k" + ThreadLocalRandom.current().nextInt(KEYS), entity(n));
	}

	@Benchmark
	public Object writeThrough(WriteThroughState state) {
		return upsert(state.collection, state.saves.incrementAndGet());
	}

	/**
	 * What a write-through request does: one upsert of the entity of a random key, with its version.
	 * @param collection the collection, with the write concern to wait for
	 * @param n the update's number, its version
	 * @return MongoDB's answer
	 */
	static Object upsert(MongoCollection<Document> collection, long n) {
		String key = "k" + ThreadLocalRandom.current().nextInt(KEYS);
		Document document = new Document("_id", key).append("version", n).append("updatedAt", new Date());
		document.putAll(entity(n));
		return collection.replaceOne(Filters.eq("_id", key), document, new ReplaceOptions().upsert(true));
	}

	/**
	 * The write-behind pipeline with its worker process.
	 */
	@State(Scope.Benchmark)
	public static class WriteBehindState {

		/**
		 * {@code during}: the worker process persists while the saves are measured, on the same cores;
		 * {@code after}: it starts after the measurement and drains the backlog, as a worker on machines of its
		 * own would not compete with the callers for CPU.
		 */
		@Param({ "during" })
		public String worker;

		/** The producer's {@code linger.ms}, or {@code default} for the publisher's own (1 ms). */
		@Param({ "default" })
		public String linger;

		/**
		 * The cached copies a save drops: {@code none} (no cache named like the type: the pin only),
		 * {@code one-trip} (a cachekit cache; the pin's script drops the copy) or {@code two-trips} (the same
		 * cache; the pin, then {@code Cache.evict}, as before they were one script).
		 */
		@Param({ "none" })
		public String copies;

		WriteBehindStack stack;

		WriteBehindTemplate template;

		final AtomicLong saves = new AtomicLong();

		long started;

		@Setup(Level.Trial)
		public void setUp() throws Exception {
			if (!"default".equals(this.linger)) {
				System.setProperty("cachekit.bench.linger-ms", this.linger);
			}
			this.stack = new WriteBehindStack(!"after".equals(this.worker), DevServices.shared().mongoUri());
			this.template = switch (this.copies) {
				case "none" -> this.stack.template;
				case "one-trip" -> this.stack.templateWithCachedCopies(true);
				case "two-trips" -> this.stack.templateWithCachedCopies(false);
				default -> throw new IllegalArgumentException("copies=" + this.copies);
			};
			this.started = System.nanoTime();
		}

		@TearDown(Level.Trial)
		public void tearDown() throws Exception {
			try {
				if ("after".equals(this.worker)) {
					this.stack.startWorker();
				}
				this.stack.printDrained("WRITE-BEHIND sustained, worker " + this.worker, this.saves.get(),
						this.started, Duration.ofMinutes(5));
			}
			finally {
				this.stack.close();
			}
		}

	}

	/**
	 * A MongoDB collection written in the request.
	 */
	@State(Scope.Benchmark)
	public static class WriteThroughState {

		MongoClient client;

		MongoCollection<Document> collection;

		final AtomicLong saves = new AtomicLong();

		@Setup(Level.Trial)
		public void setUp() {
			this.client = MongoClients.create(DevServices.shared().mongoUri());
			this.collection = this.client.getDatabase("bench-through")
				.getCollection("item")
				.withWriteConcern(WriteConcern.MAJORITY.withJournal(true).withWTimeout(10, TimeUnit.SECONDS));
		}

		@TearDown(Level.Trial)
		public void tearDown() {
			this.client.close();
		}

	}

}
