package io.cachekit.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.openjdk.jmh.infra.Blackhole;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import io.cachekit.cache.CacheableEach;

/**
 * Reading 100 cached products through Spring proxies, as an application does: one call of a
 * {@code @CacheableEach} method (one {@code MGET}) against 100 calls of a {@code @Cacheable} method of the same
 * cache, on the same Redis, values and defaults of the starter (hot-key detection and read coalescing on, no
 * near cache). Every id is cached, so neither method runs. One operation is 100 values either way; the ratio of
 * the two throughputs is the speed-up of a bulk call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class BulkReadBenchmark {

	static final int KEYS = 10_000;

	static final int BATCH = 100;

	@Param({ "64", "256" })
	public int valueBytes;

	/** Whether the methods may run: only while the cache is being filled. */
	static volatile boolean loading;

	private ConfigurableApplicationContext context;

	private Products single;

	private BulkProducts bulk;

	@Setup(Level.Trial)
	public void setUp() {
		this.context = new SpringApplicationBuilder(BenchmarkApplication.class).web(WebApplicationType.NONE)
			.properties("spring.main.banner-mode=off", "logging.level.root=warn",
					"spring.data.redis.url=" + BenchmarkRedis.endpoint().url(),
					"cachekit.namespace=bench-bulk-" + ProcessHandle.current().pid(),
					"cachekit.cache.caches.products.ttl=30m", "bench.value-bytes=" + this.valueBytes)
			.run();
		this.single = this.context.getBean(Products.class);
		this.bulk = this.context.getBean(BulkProducts.class);
		loading = true;
		for (long first = 0; first < KEYS; first += BATCH) {
			this.bulk.findAll(ids(first));
		}
		loading = false;
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.context.close();
	}

	@Benchmark
	public Map<Long, Payload> bulk100() {
		Map<Long, Payload> values = this.bulk.findAll(randomIds());
		if (values.size() != BATCH) {
			throw new IllegalStateException("expected " + BATCH + " values, got " + values.size());
		}
		return values;
	}

	@Benchmark
	public void single100(Blackhole blackhole) {
		for (Long id : randomIds()) {
			blackhole.consume(this.single.find(id));
		}
	}

	private static List<Long> randomIds() {
		return ids(ThreadLocalRandom.current().nextLong(KEYS - BATCH));
	}

	private static List<Long> ids(long first) {
		List<Long> ids = new ArrayList<>(BATCH);
		for (long id = first; id < first + BATCH; id++) {
			ids.add(id);
		}
		return ids;
	}

	/** Makes a value; only while the benchmark fills the cache. */
	static Payload load(long id, int valueBytes) {
		if (!loading) {
			throw new IllegalStateException("every id is cached, yet " + id + " was loaded");
		}
		return Payload.ofSize(id, valueBytes);
	}

	/** The single-id method. */
	public static class Products {

		private final int valueBytes;

		Products(int valueBytes) {
			this.valueBytes = valueBytes;
		}

		@Cacheable("products")
		public Payload find(long id) {
			return load(id, this.valueBytes);
		}

	}

	/** The bulk method of the same cache, on a bean of its own. */
	public static class BulkProducts {

		private final int valueBytes;

		BulkProducts(int valueBytes) {
			this.valueBytes = valueBytes;
		}

		@CacheableEach("products")
		public Map<Long, Payload> findAll(Collection<Long> ids) {
			Map<Long, Payload> values = new LinkedHashMap<>();
			for (Long id : ids) {
				values.put(id, load(id, this.valueBytes));
			}
			return values;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@EnableCaching
	static class BenchmarkApplication {

		@Bean
		Products products(Environment environment) {
			return new Products(environment.getRequiredProperty("bench.value-bytes", Integer.class));
		}

		@Bean
		BulkProducts bulkProducts(Environment environment) {
			return new BulkProducts(environment.getRequiredProperty("bench.value-bytes", Integer.class));
		}

	}

}
