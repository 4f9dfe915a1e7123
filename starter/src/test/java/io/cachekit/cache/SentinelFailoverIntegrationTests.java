package io.cachekit.cache;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.redisson.spring.starter.RedissonAutoConfigurationV4;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.cachekit.autoconfigure.CachekitCacheAutoConfiguration;
import io.cachekit.cache.RedisStateLossIntegrationTests.Catalog;
import io.cachekit.cache.RedisStateLossIntegrationTests.Products;
import io.cachekit.test.EmbeddedRedisSentinel;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cache on Redis Sentinel (a master, a replica, three sentinels), with Redisson in Sentinel mode through
 * {@code spring.data.redis.sentinel.*}: a cache cleared while its replica lags is not acknowledged by the
 * replica, so the clear stays pending (reads bypass Redis) instead of counting as done; after the failover to
 * that replica, which still has the old generation and the old entry, the cleared value is never served, and
 * the clear is replayed on the new master.
 */
class SentinelFailoverIntegrationTests {

	private final EmbeddedRedisSentinel redis = EmbeddedRedisSentinel.start();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RedissonAutoConfigurationV4.class, CachekitCacheAutoConfiguration.class))
		.withUserConfiguration(Catalog.class)
		.withPropertyValues("spring.data.redis.sentinel.master=" + EmbeddedRedisSentinel.MASTER_NAME,
				"spring.data.redis.sentinel.nodes=" + this.redis.sentinelNodes(), "cachekit.namespace=failover",
				"cachekit.cache.invalidation.metadata-refresh=200ms");

	@AfterEach
	void stop() {
		this.redis.close();
	}

	@Test
	void clearThatTheReplicaMissedIsNeverUndoneByAFailover() {
		this.runner.run((context) -> {
			Products products = context.getBean(Products.class);
			CachekitCacheManager manager = context.getBean(CachekitCacheManager.class);
			String key = manager.getCachekitCache("products").storeKey(1);
			products.change(1, "old");
			assertThat(products.product(1)).isEqualTo("old");
			long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
			while (!"1".equals(this.redis.replica().command("EXISTS", key))) {
				assertThat(System.nanoTime()).as("the replica has the entry").isLessThan(deadline);
				Thread.sleep(20);
			}
			products.change(1, "new");
			this.redis.failOverToLaggingReplica(() -> {
				products.clear();
				assertThat(manager.getRuntime().invalidator().pendingCount())
					.as("a clear no replica confirmed is not done").isOne();
				assertThat(products.product(1)).as("reads bypass Redis meanwhile").isEqualTo("new");
			});
			assertThat(this.redis.replica().command("EXISTS", key)).as("the new master has the old entry").isEqualTo("1");
			long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
			while (System.nanoTime() < end) {
				assertThat(products.product(1)).isEqualTo("new");
				Thread.sleep(20);
			}
			assertThat(manager.getRuntime().invalidator().pendingCount()).as("replayed on the new master").isZero();
		});
	}

}
