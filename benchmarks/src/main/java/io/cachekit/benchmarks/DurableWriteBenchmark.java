package io.cachekit.benchmarks;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.mongodb.ConnectionString;
import com.mongodb.ServerAddress;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
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

/**
 * What a request waits for, against a durable database's cost: write-through (an upsert into MongoDB in the
 * request, {@code w=majority, j=true}) and write-behind ({@code WriteBehindTemplate.save}: the Kafka
 * acknowledgement and the pin; the worker process persists later), with every MongoDB round trip, the
 * request's and the worker's, going through a {@link DelayingProxy}. The only MongoDB here answers from
 * memory in one loopback round trip; the proxy adds what a replica-set majority write with journaling costs.
 * Models ({@code @Param model}): {@code 0ms} (the raw loopback figure), {@code 1ms}, {@code 2ms}, {@code 5ms},
 * {@code 10ms} (the sensitivity table), {@code 12ms} (the modelled figure: w:majority, j:true in "Unbound
 * MongoDB at Scale", chapter "Write Concerns: Durability vs Throughput"), and {@code saturated} (2 ms, at most
 * 4 writes in flight). Sample-time mode: the runner reports p50 and p99 of each call. Closed loop: every
 * thread calls again as soon as its call returns.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 5)
@Measurement(iterations = 2, time = 10)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
public class DurableWriteBenchmark {

	static final int KEYS = 1000;

	@Benchmark
	public long writeBehind(WriteBehindState state) {
		long n = state.saves.incrementAndGet();
		return state.stack.template.save("item", "k" + ThreadLocalRandom.current().nextInt(KEYS),
				WriteBehindBenchmark.entity(n));
	}

	@Benchmark
	public Object writeThrough(WriteThroughState state) {
		return WriteBehindBenchmark.upsert(state.collection, state.saves.incrementAndGet());
	}

	static DelayingProxy proxy(String model) throws Exception {
		ServerAddress mongo = new ConnectionString(DevServices.shared().mongoUri()).getHosts().stream()
			.map(ServerAddress::new).findFirst().orElseThrow();
		boolean saturated = "saturated".equals(model);
		Duration delay = saturated ? Duration.ofMillis(2) : Duration.ofMillis(Long.parseLong(model.replace("ms", "")));
		return new DelayingProxy(mongo.getHost(), mongo.getPort(), delay, saturated ? 4 : 0);
	}

	/**
	 * The write-behind pipeline; its worker process reaches MongoDB through the proxy.
	 */
	@State(Scope.Benchmark)
	public static class WriteBehindState {

		@Param({ "0ms", "1ms", "2ms", "5ms", "10ms", "12ms", "saturated" })
		public String model;

		DelayingProxy proxy;

		WriteBehindStack stack;

		final AtomicLong saves = new AtomicLong();

		long started;

		@Setup(Level.Trial)
		public void setUp() throws Exception {
			this.proxy = proxy(this.model);
			this.stack = new WriteBehindStack("mongodb://127.0.0.1:" + this.proxy.port());
			this.started = System.nanoTime();
		}

		@TearDown(Level.Trial)
		public void tearDown() throws Exception {
			try {
				this.stack.printDrained("DURABLE WRITE-BEHIND model=" + this.model, this.saves.get(), this.started,
						Duration.ofMinutes(10));
			}
			finally {
				this.stack.close();
				this.proxy.close();
			}
		}

	}

	/**
	 * A MongoDB collection written in the request, through the proxy.
	 */
	@State(Scope.Benchmark)
	public static class WriteThroughState {

		@Param({ "0ms", "1ms", "2ms", "5ms", "10ms", "12ms", "saturated" })
		public String model;

		DelayingProxy proxy;

		MongoClient client;

		MongoCollection<Document> collection;

		final AtomicLong saves = new AtomicLong();

		long started;

		@Setup(Level.Trial)
		public void setUp() throws Exception {
			this.proxy = proxy(this.model);
			this.client = MongoClients.create("mongodb://127.0.0.1:" + this.proxy.port());
			this.collection = this.client.getDatabase("bench-through")
				.getCollection("item")
				.withWriteConcern(WriteConcern.MAJORITY.withJournal(true).withWTimeout(10, TimeUnit.SECONDS));
			this.started = System.nanoTime();
		}

		@TearDown(Level.Trial)
		public void tearDown() throws Exception {
			double seconds = (System.nanoTime() - this.started) / 1e9;
			System.out.printf("%nDURABLE WRITE-THROUGH model=%s: %,d updates persisted in the request, %,.0f/s%n",
					this.model, this.saves.get(), this.saves.get() / seconds);
			this.client.close();
			this.proxy.close();
		}

	}

}
