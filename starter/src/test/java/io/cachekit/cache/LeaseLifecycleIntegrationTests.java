package io.cachekit.cache;

import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.spring.starter.RedissonAutoConfigurationV4;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.cachekit.autoconfigure.CachekitCacheAutoConfiguration;
import io.cachekit.cache.access.CacheInvocation;
import io.cachekit.cache.store.LeaseStore;
import io.cachekit.test.DevService;
import io.cachekit.test.ImportDevServices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Load leases on real Redis belong to the call that claimed them: a lease left behind by a method that threw
 * never swallows a later put on the same thread, {@code putIfAbsent} completes the lease it claimed, and a
 * load that overlapped a tag eviction is not served as current.
 */
class LeaseLifecycleIntegrationTests {

	private final String namespace = "lease-" + UUID.randomUUID().toString().substring(0, 8);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(RedissonAutoConfigurationV4.class, CachekitCacheAutoConfiguration.class))
		.withUserConfiguration(Services.class)
		.withPropertyValues("cachekit.namespace=" + this.namespace, "cachekit.cache.default-ttl=10m");

	@Test
	void aPutAfterAMethodThatThrewIsWritten() {
		this.runner.withPropertyValues("cachekit.cache.stampede.lease-time=200ms").run((context) -> {
			AccountService accounts = context.getBean(AccountService.class);
			accounts.setFailing(true);
			assertThatIllegalStateException().isThrownBy(() -> accounts.find("a"));
			// the failed call's Redis lease runs out; a later put on the same thread, same key, is a plain
			// put and must not be mistaken for that call's load
			Thread.sleep(400);
			accounts.update("a", "v2");
			accounts.setFailing(false);
			assertThat(accounts.find("a")).isEqualTo("v2");
			assertThat(accounts.loads()).as("served from the put, not loaded").isEqualTo(1);
			assertThat(context.getBean(CachekitCacheManager.class).getCachekitCache("account").getStatistics()
				.staleSetsRejected()).isZero();
		});
	}

	@Test
	void putIfAbsentCompletesTheLeaseItClaimed() {
		this.runner.run((context) -> {
			CachekitCache cache = context.getBean(CachekitCacheManager.class).getCachekitCache("account");
			assertThat(cache.putIfAbsent("b", "first")).isNull();
			String storeKey = cache.storeKey("b");
			RedissonClient redisson = context.getBean(RedissonClient.class);
			assertThat(redisson.getBucket(LeaseStore.leaseKey(storeKey)).isExists()).as("lease released").isFalse();
			assertThat(cache.putIfAbsent("b", "second").get()).isEqualTo("first");
			assertThat(cache.get("b").get()).isEqualTo("first");
		});
	}

	@Test
	void aLoadOverlappingATagEvictionIsAMissAfterwards() throws Exception {
		this.runner.run((context) -> {
			CachekitCacheManager manager = context.getBean(CachekitCacheManager.class);
			CacheOperations operations = context.getBean(CacheOperations.class);
			CacheInvocation tagged = new CacheInvocation(null, null, () -> new String[] { "account:c" });
			org.springframework.cache.Cache view = manager.getCachekitCache("account").bind(tagged);
			CountDownLatch loading = new CountDownLatch(1);
			CountDownLatch evicted = new CountDownLatch(1);
			AtomicInteger loads = new AtomicInteger();
			ExecutorService thread = Executors.newSingleThreadExecutor();
			try {
				Future<Object> load = thread.submit(() -> view.get("c", () -> {
					loads.incrementAndGet();
					loading.countDown();
					assertThat(evicted.await(10, TimeUnit.SECONDS)).isTrue();
					return "read before the tag eviction";
				}));
				assertThat(loading.await(10, TimeUnit.SECONDS)).isTrue();
				operations.evictTag("account:c");
				evicted.countDown();
				assertThat(load.get(10, TimeUnit.SECONDS)).isEqualTo("read before the tag eviction");
			}
			finally {
				thread.shutdownNow();
			}
			assertThat(view.get("c", () -> {
				loads.incrementAndGet();
				return "read after the tag eviction";
			})).isEqualTo("read after the tag eviction");
			assertThat(loads).hasValue(2);
		});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	@ImportDevServices(DevService.REDIS)
	static class Services {

		@Bean
		AccountService accountService() {
			return new AccountService();
		}

	}

	static class AccountService {

		private final AtomicBoolean failing = new AtomicBoolean();

		private final AtomicInteger loads = new AtomicInteger();

		public void setFailing(boolean failing) {
			this.failing.set(failing);
		}

		public int loads() {
			return this.loads.get();
		}

		@Cacheable("account")
		public String find(String id) {
			loads.incrementAndGet();
			if (this.failing.get()) {
				throw new IllegalStateException("database down");
			}
			return "loaded " + id;
		}

		@CachePut(cacheNames = "account", key = "#id")
		public String update(String id, String value) {
			return value;
		}

	}

}
