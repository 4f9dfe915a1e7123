package io.cachekit.benchmarks;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.redisson.api.RedissonClient;
import tools.jackson.databind.json.JsonMapper;

import io.cachekit.cache.CacheSpec;
import io.cachekit.cache.CachekitCacheManager;
import io.cachekit.cache.store.RedisCacheStore;
import io.cachekit.keys.CachekitKeys;
import io.cachekit.test.DevServices;
import io.cachekit.test.FreePorts;
import io.cachekit.writebehind.KafkaEnvelopePublisher;
import io.cachekit.writebehind.WriteBehindTemplate;
import io.cachekit.writebehind.envelope.WriteBehindEnvelopeCodec;
import io.cachekit.writebehind.pending.RedissonWriteBehindCache;
import io.cachekit.writebehind.pending.WriteBehindCache;
import io.cachekit.writebehind.pending.WriteBehindKeys;

/**
 * A write-behind pipeline for benchmarks: Redis, Kafka and MongoDB from {@link DevServices} (embedded unless
 * the environment names servers), a {@link WriteBehindTemplate} in this JVM, and the real worker running as
 * its own process from {@code worker/target/cachekit-worker-exec.jar} (build it first), as in production.
 */
final class WriteBehindStack implements AutoCloseable {

	static final int PARTITIONS = 4;

	final String topic = "bench-wb-" + UUID.randomUUID().toString().substring(0, 8);

	final String group = "bench-worker-" + this.topic;

	final String kafka = DevServices.shared().kafkaBootstrapServers();

	final RedissonClient redisson = BenchmarkRedis.redisson();

	final WriteBehindTemplate template;

	private final KafkaEnvelopePublisher publisher;

	private final WriteBehindKeys keys;

	private final WriteBehindCache pins;

	private CachekitCacheManager cacheManager;

	private Process worker;

	private final int workerPort = FreePorts.find();

	private final String namespace = "bench-" + ProcessHandle.current().pid() + "-" + System.nanoTime();

	private final String mongoUri;

	WriteBehindStack() throws Exception {
		this(true);
	}

	/**
	 * A pipeline whose worker reaches MongoDB at the given address, e.g. through a {@link DelayingProxy}.
	 * @param mongoUri the worker's MongoDB, without a database
	 */
	WriteBehindStack(String mongoUri) throws Exception {
		this(true, mongoUri);
	}

	WriteBehindStack(boolean startWorker) throws Exception {
		this(startWorker, DevServices.shared().mongoUri());
	}

	/**
	 * A pipeline whose worker reaches MongoDB at the given address.
	 * @param startWorker whether to start the worker now, or later with {@link #startWorker()}
	 * @param mongoUri the worker's MongoDB, without a database
	 */
	WriteBehindStack(boolean startWorker, String mongoUri) throws Exception {
		this.mongoUri = mongoUri;
		createTopic();
		WriteBehindEnvelopeCodec codec = new WriteBehindEnvelopeCodec(new JsonMapper());
		WriteBehindKeys keys = new WriteBehindKeys(CachekitKeys.of(this.namespace));
		this.keys = keys;
		Map<String, Object> producer = new HashMap<>();
		producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.kafka);
		String linger = System.getProperty("cachekit.bench.linger-ms");
		if (linger != null) {
			producer.put(ProducerConfig.LINGER_MS_CONFIG, Integer.parseInt(linger));
		}
		this.publisher = new KafkaEnvelopePublisher(producer, this.topic, codec, Duration.ofSeconds(10),
				Duration.ofSeconds(2));
		this.pins = new RedissonWriteBehindCache(this.redisson, keys, Duration.ofDays(1), Duration.ofMinutes(10));
		this.template = new WriteBehindTemplate(this.publisher, this.pins, codec, "benchmark", Clock.systemUTC());
		if (startWorker) {
			startWorker();
		}
	}

	/**
	 * A template whose saves also drop the cached copy of their key from a cachekit cache named {@code item} in
	 * this stack's namespace, as the auto-configured template does: with {@code oneRoundTrip}, in the pin's
	 * script; otherwise as before the pin and the eviction were one script, a pin and then {@code Cache.evict}.
	 * @param oneRoundTrip whether the write-behind cache drops the copy with the pin
	 * @return the template
	 */
	WriteBehindTemplate templateWithCachedCopies(boolean oneRoundTrip) {
		RedisCacheStore store = new RedisCacheStore(this.redisson, Duration.ofMillis(250));
		this.cacheManager = CachekitCacheManager.builder(store)
			.namespace(this.namespace)
			.cache("item", CacheSpec.defaults().withTtl(Duration.ofMinutes(10)))
			.build();
		WriteBehindCache pins = new RedissonWriteBehindCache(this.redisson, this.keys, Duration.ofDays(1),
				Duration.ofMinutes(10));
		if (!oneRoundTrip) {
			WriteBehindCache oneScript = pins;
			pins = new WriteBehindCache() {

				@Override
				public boolean pin(String type, String id, long version, String json) {
					return oneScript.pin(type, id, version, json);
				}

				@Override
				public boolean release(String type, String id, long version) {
					return oneScript.release(type, id, version);
				}

				@Override
				public void evict(String type, String id, long version) {
					oneScript.evict(type, id, version);
				}

				@Override
				public Entry get(String type, String id) {
					return oneScript.get(type, id);
				}

			};
		}
		CachekitCacheManager copies = this.cacheManager;
		return new WriteBehindTemplate(this.publisher, pins, new WriteBehindEnvelopeCodec(new JsonMapper()),
				"benchmark", Clock.systemUTC(), () -> copies);
	}

	/**
	 * Starts the worker process and waits until it is healthy.
	 */
	void startWorker() throws Exception {
		this.worker = startWorker(this.keys);
	}

	KafkaEnvelopePublisher publisher() {
		return this.publisher;
	}

	/** @return the write-behind cache that {@link #template} pins its saves in */
	WriteBehindCache pins() {
		return this.pins;
	}

	private void createTopic() throws Exception {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.kafka))) {
			admin.createTopics(List.of(new NewTopic(this.topic, PARTITIONS, (short) 1))).all().get(30, TimeUnit.SECONDS);
		}
	}

	private Process startWorker(WriteBehindKeys keys) throws Exception {
		File jar = new File(System.getProperty("cachekit.worker.jar", "worker/target/cachekit-worker-exec.jar"));
		if (!jar.isFile()) {
			throw new IllegalStateException("Build the worker first (" + jar.getAbsolutePath()
					+ " is missing): ./mvnw -q -DskipTests package -pl worker,benchmarks -am");
		}
		List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
				"-Xmx512m"));
		// e.g. a flight recording of the worker: CACHEKIT_BENCH_WORKER_JVM_ARGS=-XX:StartFlightRecording=filename=w.jfr
		String jvmArgs = System.getenv("CACHEKIT_BENCH_WORKER_JVM_ARGS");
		if (jvmArgs != null && !jvmArgs.isBlank()) {
			command.addAll(List.of(jvmArgs.strip().split("\\s+")));
		}
		command.addAll(List.of("-jar", jar.getAbsolutePath(), "--cachekit.worker.group-id=" + this.group,
				"--cachekit.worker.partitions=" + PARTITIONS, "--cachekit.namespace=" + this.namespace,
				"--cachekit.worker.topic=" + this.topic, "--spring.jmx.enabled=false"));
		Path log = Files.createTempFile("cachekit-bench-worker", ".log");
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
		builder.environment().put("REDIS_URL", "redis://" + BenchmarkRedis.endpoint().host() + ":"
				+ BenchmarkRedis.endpoint().port());
		builder.environment().put("KAFKA_BOOTSTRAP_SERVERS", this.kafka);
		builder.environment().put("MONGODB_URI", this.mongoUri + "/bench");
		builder.environment().put("WORKER_PORT", String.valueOf(this.workerPort));
		Process process = builder.start();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
		while (System.nanoTime() < deadline) {
			if (!process.isAlive()) {
				throw new IllegalStateException("The worker exited; see " + log);
			}
			try {
				if (get("/actuator/health").contains("\"UP\"")) {
					return process;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			Thread.sleep(250);
		}
		process.destroyForcibly();
		throw new IllegalStateException("The worker did not become healthy; see " + log);
	}

	String get(String path) throws IOException, InterruptedException {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.workerPort + path))
				.timeout(Duration.ofSeconds(5))
				.build(), HttpResponse.BodyHandlers.ofString())
			.body();
	}

	/**
	 * Waits until the worker has committed every record published so far.
	 * @return how long that took
	 */
	/**
	 * Waits until the worker caught up, then prints what the run persisted: the acknowledged updates, the
	 * sustained persisted rate (from the first save until caught up), coalescing and the lag.
	 * @param label the line's label
	 * @param saves the acknowledged updates
	 * @param startedNanos when the first save was made
	 * @param timeout how long to wait for the worker
	 */
	void printDrained(String label, long saves, long startedNanos, Duration timeout) throws Exception {
		Duration drain = awaitDrained(timeout);
		double seconds = (System.nanoTime() - startedNanos) / 1e9;
		System.out.printf("%n%s: %,d updates acknowledged, worker caught up %d ms after the last one; %,.0f persisted "
				+ "updates/s (first save to caught up); worker persisted %,.0f documents, coalesced %,.0f, lag p50 "
				+ "%.0f ms, p99 %.0f ms%n", label, saves, drain.toMillis(), saves / seconds,
				workerCounter("cachekit_worker_records_persisted_total"),
				workerCounter("cachekit_worker_records_coalesced_total"), lagQuantileMillis("0.5"),
				lagQuantileMillis("0.99"));
	}

	Duration awaitDrained(Duration timeout) throws Exception {
		long start = System.nanoTime();
		while (consumerLag() > 0) {
			if (System.nanoTime() - start > timeout.toNanos()) {
				throw new IllegalStateException("The worker did not catch up within " + timeout);
			}
			Thread.sleep(20);
		}
		return Duration.ofNanos(System.nanoTime() - start);
	}

	long consumerLag() throws Exception {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.kafka))) {
			Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(this.group)
				.partitionsToOffsetAndMetadata()
				.get(10, TimeUnit.SECONDS);
			Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
			for (int p = 0; p < PARTITIONS; p++) {
				latest.put(new TopicPartition(this.topic, p), OffsetSpec.latest());
			}
			long lag = 0;
			for (Map.Entry<TopicPartition, ListOffsetsResultInfo> end : admin.listOffsets(latest)
				.all()
				.get(10, TimeUnit.SECONDS)
				.entrySet()) {
				OffsetAndMetadata done = committed.get(end.getKey());
				lag += end.getValue().offset() - ((done != null) ? done.offset() : 0);
			}
			return lag;
		}
	}

	/**
	 * The cumulative buckets of the worker's {@code cachekit.worker.lag} histogram on its Prometheus
	 * endpoint, as pairs of upper bound (seconds) and count, sorted by bound.
	 */
	List<double[]> lagBuckets() throws IOException, InterruptedException {
		String metrics = get("/actuator/prometheus");
		Matcher buckets = Pattern.compile("(?m)^cachekit_worker_lag_seconds_bucket\\{[^}]*le=\"([^\"]+)\"[^}]*\\} (\\S+)")
			.matcher(metrics);
		List<double[]> cumulative = new ArrayList<>();
		while (buckets.find()) {
			double le = buckets.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(buckets.group(1));
			cumulative.add(new double[] { le, Double.parseDouble(buckets.group(2)) });
		}
		cumulative.sort((a, b) -> Double.compare(a[0], b[0]));
		return cumulative;
	}

	/**
	 * The worker's end-to-end lag quantile in milliseconds over everything persisted so far: the upper bound
	 * of the first bucket holding the quantile.
	 */
	double lagQuantileMillis(String quantile) throws IOException, InterruptedException {
		return lagQuantileMillis(quantile, List.of());
	}

	/**
	 * The lag quantile over what was persisted since a snapshot of {@link #lagBuckets()}, e.g. after a
	 * warm-up.
	 */
	double lagQuantileMillis(String quantile, List<double[]> since) throws IOException, InterruptedException {
		List<double[]> now = lagBuckets();
		if (now.isEmpty()) {
			return Double.NaN;
		}
		double[] counts = new double[now.size()];
		for (int i = 0; i < counts.length; i++) {
			counts[i] = now.get(i)[1] - ((i < since.size()) ? since.get(i)[1] : 0);
		}
		double target = Double.parseDouble(quantile) * counts[counts.length - 1];
		for (int i = 0; i < counts.length; i++) {
			if (counts[i] >= target) {
				return now.get(i)[0] * 1000;
			}
		}
		return Double.NaN;
	}

	double workerCounter(String name) throws IOException, InterruptedException {
		Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? (\\S+)")
			.matcher(get("/actuator/prometheus"));
		return matcher.find() ? Double.parseDouble(matcher.group(2)) : Double.NaN;
	}

	@Override
	public void close() {
		close(true);
	}

	/**
	 * Stops the worker and the clients.
	 * @param stopServers whether to stop the shared embedded servers too (a JMH fork must; a run that makes
	 * several stacks in one JVM must not)
	 */
	void close(boolean stopServers) {
		if (this.worker != null) {
			this.worker.destroy();
			try {
				this.worker.waitFor(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.worker.destroyForcibly();
		}
		this.publisher.destroy();
		if (this.cacheManager != null) {
			this.cacheManager.destroy();
		}
		this.redisson.shutdown();
		// one stack per benchmark fork: stop the embedded servers now, because JMH halts a fork whose
		// non-daemon threads (the in-JVM Kafka broker's) outlive the benchmark, and a halt runs no shutdown
		// hook, which would leave the embedded redis-server process behind
		if (stopServers) {
			DevServices.shared().close();
		}
	}

}
