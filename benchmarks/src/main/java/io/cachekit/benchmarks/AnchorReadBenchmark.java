package io.cachekit.benchmarks;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Caffeine;
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
import org.redisson.api.RBucket;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.spring.cache.RedissonSpringCacheManager;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.cache.Cache;
import org.springframework.cache.caffeine.CaffeineCacheManager;
import org.springframework.data.redis.cache.RedisCacheConfiguration;
import org.springframework.data.redis.cache.RedisCacheManager;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.serializer.JacksonJsonRedisSerializer;
import org.springframework.data.redis.serializer.RedisSerializationContext.SerializationPair;

/**
 * The anchors every cache read is compared with, on the same Redis and the same 1 KB JSON value: a raw
 * Redisson {@code RBucket.get} of bytes (the floor: one round trip, no decoding), Spring Data Redis's
 * {@code RedisCacheManager} over Lettuce with a typed JSON serializer, Redisson's
 * {@code RedissonSpringCacheManager} with its default codec, and a bare Caffeine cache through Spring's
 * cache abstraction (no I/O). Each reads one of {@value #KEYS} warm keys at random.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class AnchorReadBenchmark {

	static final int KEYS = 1000;

	private RedissonClient redisson;

	private LettuceConnectionFactory lettuce;

	private RBucket<byte[]>[] buckets;

	private Cache springRedisCache;

	private Cache redissonSpringCache;

	private Cache caffeineCache;

	@Setup(Level.Trial)
	@SuppressWarnings("unchecked")
	public void setUp() {
		String prefix = "bench:anchor:" + ProcessHandle.current().pid() + ":";
		JsonMapper json = JsonMapper.builder().build();
		this.redisson = BenchmarkRedis.redisson();
		this.buckets = new RBucket[KEYS];
		for (int i = 0; i < KEYS; i++) {
			this.buckets[i] = this.redisson.getBucket(prefix + "raw:" + i, ByteArrayCodec.INSTANCE);
			this.buckets[i].set(json.writeValueAsBytes(Payload.ofSize(i, 1024)), Duration.ofMinutes(30));
		}

		this.lettuce = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(BenchmarkRedis.endpoint().host(), BenchmarkRedis.endpoint().port()));
		this.lettuce.afterPropertiesSet();
		this.lettuce.start();
		RedisCacheConfiguration springConfig = RedisCacheConfiguration.defaultCacheConfig()
			.entryTtl(Duration.ofMinutes(30))
			.prefixCacheNameWith(prefix)
			.serializeValuesWith(SerializationPair.fromSerializer(new JacksonJsonRedisSerializer<>(Payload.class)));
		RedisCacheManager springManager = RedisCacheManager.builder(this.lettuce).cacheDefaults(springConfig).build();
		springManager.afterPropertiesSet();
		this.springRedisCache = springManager.getCache("spring");

		RedissonSpringCacheManager redissonManager = new RedissonSpringCacheManager(this.redisson);
		this.redissonSpringCache = redissonManager.getCache(prefix + "redisson");

		CaffeineCacheManager caffeineManager = new CaffeineCacheManager();
		caffeineManager.setCaffeine(Caffeine.newBuilder().maximumSize(10_000));
		this.caffeineCache = caffeineManager.getCache("caffeine");

		for (long i = 0; i < KEYS; i++) {
			Payload payload = Payload.ofSize(i, 1024);
			this.springRedisCache.put(i, payload);
			this.redissonSpringCache.put(i, payload);
			this.caffeineCache.put(i, payload);
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.lettuce.destroy();
		this.redisson.shutdown();
	}

	@Benchmark
	public byte[] redissonBucketGet() {
		return this.buckets[ThreadLocalRandom.current().nextInt(KEYS)].get();
	}

	@Benchmark
	public Object springRedisCacheManagerHit() {
		return this.springRedisCache.get((long) ThreadLocalRandom.current().nextInt(KEYS)).get();
	}

	@Benchmark
	public Object redissonSpringCacheManagerHit() {
		return this.redissonSpringCache.get((long) ThreadLocalRandom.current().nextInt(KEYS)).get();
	}

	@Benchmark
	public Object caffeineHit() {
		return this.caffeineCache.get((long) ThreadLocalRandom.current().nextInt(KEYS)).get();
	}

}
