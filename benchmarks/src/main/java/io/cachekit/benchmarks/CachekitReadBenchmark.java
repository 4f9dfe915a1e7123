package io.cachekit.benchmarks;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

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
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.client.protocol.RedisCommands;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.cache.Cache;

import io.cachekit.cache.CachekitCache;
import io.cachekit.cache.CachekitCacheManager;
import io.cachekit.cache.access.CacheInvocation;
import io.cachekit.cache.entry.EntryCodec;
import io.cachekit.cache.store.RedisCacheStore;

/**
 * cachekit on the same Redis and 1 KB value as {@link AnchorReadBenchmark}: a hit through the view a
 * {@code @Cacheable} method gets (typed read of the declared return type), and a miss followed by a put.
 * Two raw Redisson reads that build the key per call explain cachekit's store: one through a new
 * {@code RBucket} per key, one through the command executor cachekit uses. Setup prints Redis
 * {@code MEMORY USAGE} per entry and the LZ4 ratio of a realistic JSON value of about 8 KB.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class CachekitReadBenchmark {

	static final int KEYS = 1000;

	private final AtomicLong missKeys = new AtomicLong();

	private RedissonClient redisson;

	private String namespace;

	private CachekitCacheManager manager;

	private Cache hitView;

	private CachekitCache missCache;

	private CacheInvocation invocation;

	@Setup(Level.Trial)
	public void setUp() {
		this.redisson = BenchmarkRedis.redisson();
		String namespace = "bench-ck-" + ProcessHandle.current().pid();
		this.namespace = namespace;
		this.executor = ((org.redisson.Redisson) this.redisson).getCommandExecutor()
			.copy((org.redisson.api.options.ObjectParams) org.redisson.api.options.PlainOptions.name("x")
				.timeout(Duration.ofMillis(250))
				.retryAttempts(0));
		this.manager = CachekitCacheManager.builder(new RedisCacheStore(this.redisson, Duration.ofMillis(250)))
			.namespace(namespace)
			.build();
		CachekitCache cache = this.manager.getCachekitCache("payload");
		CacheInvocation invocation = new CacheInvocation(this.manager.getValueMapper().type(Payload.class),
				Duration.ofMinutes(30), CacheInvocation.UNTYPED.tags());
		this.hitView = cache.bind(invocation);
		this.missCache = this.manager.getCachekitCache("misses");
		this.invocation = invocation;
		this.entryPrefix = cache.storeKey("");
		for (long i = 0; i < KEYS; i++) {
			this.hitView.put(i, Payload.ofSize(i, 1024));
		}
		byte[] json = JsonMapper.builder().build().writeValueAsBytes(Payload.ofSize(1, 1024));
		Long usage = this.redisson.getScript(StringCodec.INSTANCE)
			.eval(org.redisson.api.RScript.Mode.READ_ONLY, "return redis.call('MEMORY', 'USAGE', KEYS[1])",
					org.redisson.api.RScript.ReturnType.LONG, java.util.List.of(this.entryPrefix + "1"));
		System.out.println("MEMORY USAGE per 1 KB entry: " + usage + " bytes for a " + json.length
				+ " byte JSON payload (" + cache.getNativeCache().get(this.entryPrefix + "1").length
				+ " bytes stored)");
		byte[] largeJson = JsonMapper.builder().build().writeValueAsBytes(largeRealistic());
		byte[] compressed = new EntryCodec().encode(largeJson, 1, 0, 0, new String[0], new long[0], 2048);
		System.out.println("LZ4 on 10 KB JSON: " + largeJson.length + " -> " + compressed.length + " bytes ("
				+ String.format("%.2f", (double) largeJson.length / compressed.length) + "x)");
	}

	static java.util.List<Payload> largeRealistic() {
		java.util.List<Payload> items = new java.util.ArrayList<>();
		for (int i = 0; i < 40; i++) {
			items.add(new Payload(i, "Garden hose " + i + " with brass fittings", "garden", 1999 + i,
					"Durable hose, kink resistant, " + (10 + i) + " m, UV stable, frost proof.",
					java.util.List.of("new", "popular", "outdoor")));
		}
		return items;
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.manager.destroy();
		this.redisson.shutdown();
	}

	@Benchmark
	public Object cachekitHit() {
		return this.hitView.get((long) ThreadLocalRandom.current().nextInt(KEYS)).get();
	}

	private org.redisson.command.CommandAsyncExecutor executor;

	/** The prefix of the payload cache's entries in its generation. */
	private String entryPrefix;

	@Benchmark
	public Object redissonExecutorGet() {
		String key = this.entryPrefix + ThreadLocalRandom.current().nextInt(KEYS);
		return this.executor.get(this.executor.<Object, byte[]>readAsync(key,
				org.redisson.client.codec.ByteArrayCodec.INSTANCE, RedisCommands.GET, key));
	}

	@Benchmark
	public Object redissonBucketGetPerCallBucket() {
		return this.redisson
			.getBucket(this.entryPrefix + ThreadLocalRandom.current().nextInt(KEYS),
					org.redisson.client.codec.ByteArrayCodec.INSTANCE)
			.get();
	}

	@Benchmark
	public Object cachekitMissThenPut() {
		long key = this.missKeys.incrementAndGet();
		// one view per call, as the cache resolver makes for each @Cacheable call: it carries the miss's
		// load lease to the put
		Cache view = this.missCache.bind(this.invocation);
		Cache.ValueWrapper wrapper = view.get(key);
		if (wrapper == null) {
			view.put(key, Payload.ofSize(key, 1024));
		}
		return wrapper;
	}

}
