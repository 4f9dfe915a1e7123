package io.cachekit.cache;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.spring.starter.RedissonAutoConfigurationV4;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.cachekit.autoconfigure.CachekitCacheAutoConfiguration;
import io.cachekit.test.EmbeddedRedisServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis taken away from a running application for 30 s under a read loop of about 200 calls/s: no caller
 * sees an exception, the breaker opens within 20 calls, calls while it is open cost almost nothing, the
 * cache recovers within 5 s of Redis returning, and an eviction issued during an outage is applied after it.
 */
class RedisOutageIntegrationTests {

	private static final Duration OUTAGE = Duration.ofSeconds(30);

	private EmbeddedRedisServer redis;

	private ApplicationContextRunner runner;

	@BeforeEach
	void startRedis() {
		this.redis = EmbeddedRedisServer.start(0);
		this.runner = new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(RedissonAutoConfigurationV4.class, CachekitCacheAutoConfiguration.class))
			.withUserConfiguration(AllEntriesEvictionIntegrationTests.Services.class)
			.withPropertyValues("spring.data.redis.port=" + this.redis.port(), "spring.data.redis.host=127.0.0.1",
					"cachekit.namespace=outage");
	}

	@AfterEach
	void stopRedis() {
		this.redis.stop();
	}

	@Test
	void stoppedRedisNeverFailsCallersAndRecoversQuickly() {
		this.runner.run((context) -> {
			ProductService service = context.getBean(ProductService.class);
			CircuitBreaker breaker = context.getBean(CachekitCacheManager.class).getCircuitBreaker();
			service.product(1);
			this.redis.stop();
			AtomicInteger exceptions = new AtomicInteger();
			int callsUntilOpen = -1;
			long openNanos = 0;
			int openCalls = 0;
			long end = System.nanoTime() + OUTAGE.toNanos();
			for (int i = 0; System.nanoTime() < end; i++) {
				long start = System.nanoTime();
				try {
					assertThat(service.product(i % 10)).isEqualTo(Product.of(i % 10));
				}
				catch (RuntimeException ex) {
					exceptions.incrementAndGet();
				}
				if (callsUntilOpen < 0 && breaker.getState() == CircuitBreaker.State.OPEN) {
					callsUntilOpen = i + 1;
				}
				else if (callsUntilOpen > 0 && breaker.getState() == CircuitBreaker.State.OPEN) {
					openNanos += System.nanoTime() - start;
					openCalls++;
				}
				Thread.sleep(5);
			}
			assertThat(exceptions).hasValue(0);
			assertThat(callsUntilOpen).isBetween(1, 20);
			assertThat(openCalls).as("calls refused at once during the outage").isGreaterThan(1000);
			// a refused call costs the breaker check and the method itself, no timeout
			assertThat(Duration.ofNanos(openNanos / openCalls)).isLessThan(Duration.ofMillis(0).plusNanos(500_000));
			this.redis.start();
			long restarted = System.nanoTime();
			int before = service.calls();
			service.product(1);
			while (service.calls() > before && System.nanoTime() - restarted < Duration.ofSeconds(10).toNanos()) {
				before = service.calls();
				service.product(1);
				Thread.sleep(5);
			}
			Duration recovery = Duration.ofNanos(System.nanoTime() - restarted);
			System.out.printf("outage: breaker open after %d calls, %d calls while open at %d us each, recovered %d ms after restart%n",
					callsUntilOpen, openCalls, openNanos / openCalls / 1000, recovery.toMillis());
			assertThat(recovery).isLessThan(Duration.ofSeconds(5));
			assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		});
	}

	@Test
	void evictionIssuedDuringOutageIsAppliedAfterIt() {
		this.runner.run((context) -> {
			ProductService service = context.getBean(ProductService.class);
			CachekitCacheManager manager = context.getBean(CachekitCacheManager.class);
			RedissonClient redisson = context.getBean(RedissonClient.class);
			service.product(1);
			String key = manager.getCachekitCache("product").storeKey(1);
			assertThat(redisson.getBucket(key, ByteArrayCodec.INSTANCE).isExists()).isTrue();
			RawRedis.command(this.redis.port(), "CLIENT", "PAUSE", "3000", "ALL");
			long paused = System.nanoTime();
			while (manager.getCircuitBreaker().getState() != CircuitBreaker.State.OPEN) {
				service.product(2);
			}
			service.evict(1);
			assertThat(manager.getRuntime().invalidator().pendingCount()).isEqualTo(1);
			assertThat(service.product(1)).isEqualTo(Product.of(1));
			int callsDuringOutage = service.calls();
			Thread.sleep(Math.max(0, 3100 - Duration.ofNanos(System.nanoTime() - paused).toMillis()));
			long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
			while (manager.getRuntime().invalidator().pendingCount() > 0 && System.nanoTime() < deadline) {
				Thread.sleep(50);
			}
			assertThat(manager.getRuntime().invalidator().pendingCount()).isZero();
			assertThat(redisson.getBucket(key, ByteArrayCodec.INSTANCE).isExists()).isFalse();
			service.product(1);
			assertThat(service.calls()).isEqualTo(callsDuringOutage + 1);
		});
	}

}
