package io.cachekit.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

import org.springframework.cache.Cache;
import org.springframework.cache.support.NullValue;

import io.cachekit.cache.store.RedisCacheStore;
import io.cachekit.test.DevServices;
import io.cachekit.test.TestRedisson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Spring's {@link Cache} contract, behaviour by behaviour, against cachekit's cache on a real Redis: what any
 * caller of Spring's abstraction may rely on (our own reading of the contract's Javadoc and of what Spring's
 * caches do, not a copy of Spring's test fixtures), the asynchronous {@code retrieve} included.
 */
class SpringCacheContractIntegrationTests {

	private final RedissonClient redisson = TestRedisson.plain(DevServices.shared().redis().url());

	private final CachekitCacheManager manager = CachekitCacheManager
		.builder(new RedisCacheStore(this.redisson, Duration.ofSeconds(2)))
		.namespace("contract-" + UUID.randomUUID().toString().substring(0, 8))
		.cache("contract", CacheSpec.defaults().withTtl(Duration.ofMinutes(5)))
		.build();

	private final Cache cache = this.manager.getCache("contract");

	@AfterEach
	void close() throws Exception {
		this.manager.destroy();
		this.redisson.shutdown();
	}

	@Test
	void nameAndNativeCache() {
		assertThat(this.cache.getName()).isEqualTo("contract");
		assertThat(this.cache.getNativeCache()).isNotNull();
	}

	@Test
	void putThenGetWithAndWithoutAType() {
		assertThat(this.cache.get("a")).isNull();
		this.cache.put("a", "alpha");
		assertThat(this.cache.get("a").get()).isEqualTo("alpha");
		assertThat(this.cache.get("a", String.class)).isEqualTo("alpha");
		assertThat(this.cache.get("a", Object.class)).isEqualTo("alpha");
		assertThat(this.cache.get("absent", String.class)).isNull();
	}

	/**
	 * Where Spring's caches throw {@code IllegalStateException}, cachekit answers a miss: values are JSON read as
	 * the requested type, and a value that cannot be read so (a class changed by a deploy, a caller's wrong type)
	 * is counted as unreadable and reloaded, never an exception to the caller.
	 */
	@Test
	void aValueThatCannotBeReadAsTheRequestedTypeIsAMiss() {
		this.cache.put("t", "alpha");
		assertThat(this.cache.get("t", Integer.class)).isNull();
		assertThat(this.manager.getCachekitCache("contract").getStatistics().unreadable()).isEqualTo(1);
		assertThat(this.cache.get("t", String.class)).as("the entry is still there for its own type").isEqualTo("alpha");
	}

	@Test
	void nullAndSpringsNullMarkerAreCachedAsNull() {
		this.cache.put("null", null);
		assertThat(this.cache.get("null")).as("a present entry").isNotNull();
		assertThat(this.cache.get("null").get()).isNull();
		assertThat(this.cache.get("null", String.class)).isNull();
		this.cache.put("marker", NullValue.INSTANCE);
		assertThat(this.cache.get("marker")).isNotNull();
		assertThat(this.cache.get("marker").get()).isNull();
	}

	@Test
	void putIfAbsentKeepsThePresentValueAndAnswersIt() {
		assertThat(this.cache.putIfAbsent("p", "first")).isNull();
		assertThat(this.cache.putIfAbsent("p", "second").get()).isEqualTo("first");
		assertThat(this.cache.get("p").get()).isEqualTo("first");
		this.cache.put("p-null", null);
		assertThat(this.cache.putIfAbsent("p-null", "value").get()).as("a cached null is present").isNull();
	}

	@Test
	void getWithALoaderLoadsOnceAndCachesTheValue() {
		AtomicInteger loads = new AtomicInteger();
		assertThat(this.cache.get("l", () -> "loaded " + loads.incrementAndGet())).isEqualTo("loaded 1");
		assertThat(this.cache.get("l", () -> "loaded " + loads.incrementAndGet())).isEqualTo("loaded 1");
		assertThat(this.cache.get("l").get()).isEqualTo("loaded 1");
		assertThat(loads).hasValue(1);
		this.cache.put("l-present", "present");
		assertThat(this.cache.get("l-present", () -> "never")).isEqualTo("present");
	}

	@Test
	void aFailingLoaderThrowsValueRetrievalExceptionAndCachesNothing() {
		IllegalStateException failure = new IllegalStateException("database down");
		assertThatExceptionOfType(Cache.ValueRetrievalException.class)
			.isThrownBy(() -> this.cache.get("f", () -> {
				throw failure;
			}))
			.satisfies((ex) -> {
				assertThat(ex.getKey()).isEqualTo("f");
				assertThat(ex.getCause()).isSameAs(failure);
			});
		assertThat(this.cache.get("f")).isNull();
		assertThat(this.cache.get("f", () -> "recovered")).isEqualTo("recovered");
	}

	@Test
	void tenConcurrentCallersOfAMissingKeyLoadOnceAndAllGetTheValue() throws Exception {
		AtomicInteger loads = new AtomicInteger();
		ExecutorService callers = Executors.newFixedThreadPool(10);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<String>> results = new ArrayList<>();
			for (int i = 0; i < 10; i++) {
				results.add(callers.submit(() -> {
					start.await();
					return this.cache.get("c", () -> {
						loads.incrementAndGet();
						Thread.sleep(200);
						return "once";
					});
				}));
			}
			start.countDown();
			for (Future<String> result : results) {
				assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo("once");
			}
		}
		finally {
			callers.shutdownNow();
		}
		assertThat(loads).hasValue(1);
	}

	@Test
	void evictAndEvictIfPresent() {
		this.cache.put("e", "value");
		this.cache.evict("e");
		assertThat(this.cache.get("e")).isNull();
		this.cache.put("e", "value");
		assertThat(this.cache.evictIfPresent("e")).isTrue();
		assertThat(this.cache.evictIfPresent("e")).isFalse();
		assertThat(this.cache.get("e")).isNull();
	}

	@Test
	void clearAndInvalidateEmptyTheCache() {
		this.cache.put("x", "1");
		this.cache.put("y", "2");
		this.cache.clear();
		assertThat(this.cache.get("x")).isNull();
		assertThat(this.cache.get("y")).isNull();
		this.cache.put("z", "3");
		assertThat(this.cache.invalidate()).as("whether anything may have been there").isTrue();
		assertThat(this.cache.get("z")).isNull();
		this.cache.put("after", "4");
		assertThat(this.cache.get("after").get()).as("usable after a clear").isEqualTo("4");
	}

	@Test
	void retrieveAnswersAMissAsNullAndAPresentValueWithoutBlockingTheCaller() throws Exception {
		CompletableFuture<?> miss = this.cache.retrieve("r-missing");
		assertThat(miss).isNotNull();
		assertThat(miss.get(5, TimeUnit.SECONDS)).as("a late-determined miss").isNull();
		this.cache.put("r", "value");
		Object present = this.cache.retrieve("r").get(5, TimeUnit.SECONDS);
		assertThat((present instanceof Cache.ValueWrapper wrapper) ? wrapper.get() : present).isEqualTo("value");
		this.cache.put("r-null", null);
		assertThat(this.cache.retrieve("r-null").get(5, TimeUnit.SECONDS)).isInstanceOfSatisfying(
				Cache.ValueWrapper.class, (wrapper) -> assertThat(wrapper.get()).isNull());
	}

	@Test
	void retrieveWithALoaderLoadsOnceAndFailsWithTheLoadersOwnException() throws Exception {
		AtomicInteger loads = new AtomicInteger();
		Supplier<CompletableFuture<String>> loader = () -> CompletableFuture
			.supplyAsync(() -> "loaded " + loads.incrementAndGet());
		assertThat(this.cache.retrieve("rl", loader).get(5, TimeUnit.SECONDS)).isEqualTo("loaded 1");
		assertThat(this.cache.retrieve("rl", loader).get(5, TimeUnit.SECONDS)).isEqualTo("loaded 1");
		assertThat(this.cache.get("rl").get()).isEqualTo("loaded 1");
		assertThat(loads).hasValue(1);
		IllegalStateException failure = new IllegalStateException("database down");
		CompletableFuture<String> failed = this.cache.retrieve("rf",
				() -> CompletableFuture.failedFuture(failure));
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> failed.get(5, TimeUnit.SECONDS))
			.withCause(failure);
		assertThat(this.cache.get("rf")).as("nothing cached").isNull();
	}

}
