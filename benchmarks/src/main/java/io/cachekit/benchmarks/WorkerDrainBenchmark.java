package io.cachekit.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
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
import tools.jackson.databind.json.JsonMapper;

import io.cachekit.writebehind.envelope.WriteBehindEnvelope;
import io.cachekit.writebehind.envelope.WriteBehindEnvelopeCodec;
import io.cachekit.writebehind.envelope.WriteBehindHeaders;
import io.cachekit.writebehind.envelope.WriteBehindProducerConfig;

/**
 * The worker's persistence capacity: {@code updates} envelopes over {@value WriteBehindBenchmark#KEYS} keys
 * are published while no worker runs; the benchmark then starts the worker process and measures how long it
 * takes, from healthy to every offset committed, to persist them (batches, coalescing, one bulk write per
 * batch). It prints the persisted rate in updates per second.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
public class WorkerDrainBenchmark {

	@Benchmark
	public long drain(DrainState state) throws Exception {
		state.stack.startWorker();
		Duration drained = state.stack.awaitDrained(Duration.ofMinutes(10));
		System.out.printf("%nWORKER DRAIN (model=" + state.model + ", keys=" + state.keys + "): %,d updates persisted in "
				+ "%d ms after the worker became healthy: %,.0f updates/s; %,.0f documents written%n", state.updates,
				drained.toMillis(), state.updates / (drained.toNanos() / 1e9),
				state.stack.workerCounter("cachekit_worker_records_persisted_total"));
		return drained.toMillis();
	}

	/**
	 * A backlog in Kafka and a stopped worker.
	 */
	@State(Scope.Benchmark)
	public static class DrainState {

		@Param("200000")
		int updates;

		/**
		 * The MongoDB the worker writes to: {@code direct}, or a {@link DelayingProxy} model of
		 * {@link DurableWriteBenchmark} ({@code 2ms}, {@code saturated}: 2 ms and at most 4 writes in flight).
		 */
		@Param("direct")
		String model;

		/**
		 * How updates pick their key among {@value WriteBehindBenchmark#KEYS}: {@code round-robin} (no two updates
		 * of a key closer than 1,000 records: nothing coalesces within a batch), {@code uniform} (at random) or
		 * {@code zipf} (Zipf 0.99: hot keys, where coalescing shows).
		 */
		@Param("round-robin")
		String keys;

		DelayingProxy proxy;

		WriteBehindStack stack;

		@Setup(Level.Trial)
		public void setUp() throws Exception {
			if ("direct".equals(this.model)) {
				this.stack = new WriteBehindStack(false);
			}
			else {
				this.proxy = DurableWriteBenchmark.proxy(this.model);
				this.stack = new WriteBehindStack(false, "mongodb://127.0.0.1:" + this.proxy.port());
			}
			WriteBehindEnvelopeCodec codec = new WriteBehindEnvelopeCodec(new JsonMapper());
			Map<String, Object> config = WriteBehindProducerConfig.of(
					Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.stack.kafka, ProducerConfig.LINGER_MS_CONFIG, 20),
					Duration.ofSeconds(60), Duration.ofSeconds(10));
			int[] zipf = "zipf".equals(this.keys) ? HotKeyBenchmark.zipfStream(WriteBehindBenchmark.KEYS, 0.99) : null;
			SplittableRandom random = new SplittableRandom(42);
			try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config)) {
				for (int i = 1; i <= this.updates; i++) {
					String key = "k" + switch (this.keys) {
						case "round-robin" -> i % WriteBehindBenchmark.KEYS;
						case "uniform" -> random.nextInt(WriteBehindBenchmark.KEYS);
						case "zipf" -> zipf[i % zipf.length];
						default -> throw new IllegalArgumentException("keys=" + this.keys);
					};
					WriteBehindEnvelope envelope = new WriteBehindEnvelope("item", key, i, System.currentTimeMillis(), 1,
							"benchmark", codec.toPayload(WriteBehindBenchmark.entity(i)));
					ProducerRecord<String, byte[]> record = new ProducerRecord<>(this.stack.topic, key,
							codec.encode(envelope));
					record.headers().add(WriteBehindHeaders.TYPE, "item".getBytes(StandardCharsets.UTF_8));
					producer.send(record);
				}
				producer.flush();
			}
		}

		@TearDown(Level.Trial)
		public void tearDown() throws Exception {
			try {
				this.stack.close();
			}
			finally {
				if (this.proxy != null) {
					this.proxy.close();
				}
			}
		}

	}

}
