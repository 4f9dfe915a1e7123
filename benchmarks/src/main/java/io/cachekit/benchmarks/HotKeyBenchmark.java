package io.cachekit.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

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
import org.openjdk.jmh.infra.BenchmarkParams;
import org.redisson.api.RedissonClient;
import org.redisson.api.redisnode.RedisNode;
import org.redisson.api.redisnode.RedisNodes;

import org.springframework.cache.Cache;

import io.cachekit.cache.CacheSpec;
import io.cachekit.cache.CachekitCache;
import io.cachekit.cache.CachekitCacheManager;
import io.cachekit.cache.access.CacheInvocation;
import io.cachekit.cache.near.InvalidationBus;
import io.cachekit.cache.stats.CacheStatistics;
import io.cachekit.cache.store.RedisCacheStore;

/**
 * Hot keys and promotion: reads of 100,000 cached keys (256-byte values) through the view a
 * {@code @Cacheable} method gets, Zipf(0.99) or uniform, per scenario:
 * <ul>
 * <li>{@code zipf-redis}: no near cache (hot-key detection on, as by default): the baseline;</li>
 * <li>{@code zipf-promotion-10} / {@code zipf-promotion-1}: a near cache of 10 % / 1 % of the keys that
 * keeps hot keys only;</li>
 * <li>{@code zipf-near-10}: a near cache of 10 % that keeps every key read (Caffeine's own admission);</li>
 * <li>{@code uniform-detect} / {@code uniform-nodetect}: uniform reads, no near cache, detection on / off:
 * what the detector costs a Redis hit;</li>
 * <li>{@code near-hit-detect} / {@code near-hit-nodetect}: uniform reads of 1,000 keys all held in the near
 * cache, detection on / off: what it costs a hit without I/O.</li>
 * </ul>
 * Besides throughput, each trial appends to {@code -Dcachekit.bench.aux=FILE} (default
 * {@code target/hot-keys-aux.md}) what its last measured iteration saw: the share of reads answered in
 * process, the oracle's share (the probability mass of the true top K keys) and the Redis commands per read
 * (Redis' {@code total_commands_processed} over the reads).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class HotKeyBenchmark {

	static final int KEYS = 100_000;

	static final double SKEW = 0.99;

	private static final int SAMPLES = 1 << 22;

	@Param({ "zipf-redis", "zipf-promotion-10", "zipf-promotion-1", "zipf-near-10", "uniform-detect",
			"uniform-nodetect", "near-hit-detect", "near-hit-nodetect" })
	public String scenario;

	private RedissonClient redisson;

	private CachekitCacheManager manager;

	private CachekitCache cache;

	private Cache view;

	private Long[] keys;

	private int[] stream;

	private int keyCount;

	private long readsAtStart;

	private long nearHitsAtStart;

	private long commandsAtStart;

	private String lastIteration = "";

	@Setup(Level.Trial)
	public void setUp() throws Exception {
		this.redisson = BenchmarkRedis.redisson();
		boolean nearHit = this.scenario.startsWith("near-hit");
		this.keyCount = nearHit ? 1_000 : KEYS;
		CacheSpec spec = CacheSpec.defaults().withTtl(Duration.ofHours(1));
		if (this.scenario.startsWith("zipf-promotion") || this.scenario.startsWith("zipf-near") || nearHit) {
			int percent = this.scenario.endsWith("-1") ? 1 : 10;
			long size = nearHit ? 10_000 : KEYS * percent / 100;
			spec = spec.withNearCache(size, Duration.ofMinutes(5))
				.withNearCachePromotion(this.scenario.startsWith("zipf-promotion"));
		}
		RedisCacheStore store = new RedisCacheStore(this.redisson, Duration.ofMillis(250));
		this.manager = CachekitCacheManager.builder(store)
			.namespace("bench-hot-" + ProcessHandle.current().pid())
			.cache("hot", spec)
			.hotKeysTracked(this.scenario.endsWith("nodetect") ? 0 : 64)
			.nearCacheBus((channel, listener) -> new InvalidationBus(store, channel, listener,
					Duration.ofSeconds(1)))
			.build();
		if (this.manager.getRuntime().bus() != null) {
			while (!this.manager.getRuntime().bus().isHealthy()) {
				Thread.sleep(10);
			}
		}
		this.cache = this.manager.getCachekitCache("hot");
		this.view = this.cache.bind(new CacheInvocation(this.manager.getValueMapper().type(Payload.class), null,
				CacheInvocation.UNTYPED.tags()));
		this.keys = new Long[this.keyCount];
		for (int i = 0; i < this.keyCount; i++) {
			this.keys[i] = (long) i;
		}
		fill();
		this.stream = this.scenario.startsWith("zipf") ? zipfStream(this.keyCount, SKEW) : null;
	}

	/** Writes every entry, in parallel: the benchmark reads hits only. */
	private void fill() throws InterruptedException {
		ExecutorService pool = Executors.newFixedThreadPool(16);
		for (int t = 0; t < 16; t++) {
			int offset = t;
			pool.execute(() -> {
				for (int i = offset; i < this.keyCount; i += 16) {
					this.view.put(this.keys[i], Payload.ofSize(i, 256));
				}
			});
		}
		pool.shutdown();
		pool.awaitTermination(10, TimeUnit.MINUTES);
	}

	/** Indices drawn from Zipf(skew) over n keys with a fixed seed, key 0 the most popular. */
	static int[] zipfStream(int n, double skew) {
		double[] cdf = new double[n];
		double sum = 0;
		for (int i = 0; i < n; i++) {
			sum += 1 / Math.pow(i + 1, skew);
			cdf[i] = sum;
		}
		SplittableRandom random = new SplittableRandom(42);
		int[] stream = new int[SAMPLES];
		for (int s = 0; s < SAMPLES; s++) {
			double u = random.nextDouble() * sum;
			int low = 0;
			int high = n - 1;
			while (low < high) {
				int middle = (low + high) >>> 1;
				if (cdf[middle] < u) {
					low = middle + 1;
				}
				else {
					high = middle;
				}
			}
			stream[s] = low;
		}
		return stream;
	}

	/** The share of Zipf(skew) reads that go to the top k of n keys: what an oracle near cache would hit. */
	static double oracleHitRatio(int n, int k, double skew) {
		double top = 0;
		double all = 0;
		for (int i = 1; i <= n; i++) {
			double weight = 1 / Math.pow(i, skew);
			all += weight;
			if (i <= k) {
				top += weight;
			}
		}
		return top / all;
	}

	@Setup(Level.Iteration)
	public void startIteration() {
		CacheStatistics statistics = this.cache.getStatistics();
		this.readsAtStart = statistics.hits() + statistics.misses();
		this.nearHitsAtStart = statistics.nearHits();
		this.commandsAtStart = commandsProcessed();
	}

	@TearDown(Level.Iteration)
	public void endIteration() {
		long commands = commandsProcessed() - this.commandsAtStart;
		CacheStatistics statistics = this.cache.getStatistics();
		long reads = statistics.hits() + statistics.misses() - this.readsAtStart;
		long nearHits = statistics.nearHits() - this.nearHitsAtStart;
		double nearRatio = (reads > 0) ? (double) nearHits / reads : 0;
		String oracle = "";
		if (this.cache.getSpec().nearCacheEnabled() && this.stream != null) {
			int k = (int) this.cache.getSpec().nearCacheMaximumSize();
			double best = oracleHitRatio(this.keyCount, k, SKEW);
			oracle = String.format(Locale.ROOT, "%.1f %% | %.2f", 100 * best, nearRatio / best);
		}
		else {
			oracle = "— | —";
		}
		this.lastIteration = String.format(Locale.ROOT, "| %s | %,d | %.1f %% | %s | %.3f | %d |", this.scenario,
				reads, 100 * nearRatio, oracle, (reads > 0) ? (double) commands / reads : 0,
				this.cache.getHotKeys().size());
	}

	private long commandsProcessed() {
		String processed = this.redisson.getRedisNodes(RedisNodes.SINGLE)
			.getInstance()
			.info(RedisNode.InfoSection.STATS)
			.get("total_commands_processed");
		return (processed != null) ? Long.parseLong(processed) : 0;
	}

	@TearDown(Level.Trial)
	public void tearDown(BenchmarkParams params) throws IOException {
		Path aux = Path.of(System.getProperty("cachekit.bench.aux", "target/hot-keys-aux.md"));
		Files.createDirectories(aux.toAbsolutePath().getParent());
		Files.writeString(aux, this.lastIteration.replaceFirst("\\| ", "| " + params.getThreads() + " | ") + "\n",
				StandardOpenOption.CREATE, StandardOpenOption.APPEND);
		this.manager.destroy();
		this.redisson.shutdown();
	}

	@Benchmark
	public Object read() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		int index = (this.stream != null) ? this.stream[random.nextInt(SAMPLES)] : random.nextInt(this.keyCount);
		return this.view.get(this.keys[index]).get();
	}

}
