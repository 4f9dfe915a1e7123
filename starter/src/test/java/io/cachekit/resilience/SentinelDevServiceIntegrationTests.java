package io.cachekit.resilience;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.config.ReadMode;
import org.redisson.spring.starter.RedissonAutoConfigurationCustomizer;
import org.redisson.spring.starter.RedissonAutoConfigurationV4;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.cachekit.autoconfigure.CachekitAutoConfiguration;
import io.cachekit.autoconfigure.CachekitCacheAutoConfiguration;
import io.cachekit.test.DevService;
import io.cachekit.test.ImportDevServices;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Sentinel dev service: an application importing it runs Redisson in Sentinel mode, from Spring's
 * connection details alone, and caches through the group's master; cachekit warns when Redisson reads from
 * replicas (its default with Sentinel) and is quiet once {@code readMode} is {@code MASTER}.
 */
class SentinelDevServiceIntegrationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RedissonAutoConfigurationV4.class, CachekitAutoConfiguration.class,
				CachekitCacheAutoConfiguration.class))
		.withUserConfiguration(Services.class)
		.withPropertyValues("cachekit.namespace=sentinel-dev-service", "cachekit.cache.default-ttl=1m");

	@Test
	void anApplicationOnTheSentinelDevServiceCachesThroughTheMaster() {
		this.runner.run((context) -> {
			RedissonClient redisson = context.getBean(RedissonClient.class);
			assertThat(redisson.getConfig().isSentinelConfig()).isTrue();
			assertThat(RedisReadModeCheck.warnIfReadingFromReplicas(redisson)).as("Redisson's default: SLAVE")
				.isTrue();
			Catalog catalog = context.getBean(Catalog.class);
			assertThat(catalog.product(1)).isEqualTo("product 1");
			assertThat(catalog.product(1)).isEqualTo("product 1");
			assertThat(catalog.loads()).isOne();
		});
	}

	@Test
	void readingFromTheMasterIsNotWarnedAbout() {
		this.runner
			.withBean(RedissonAutoConfigurationCustomizer.class,
					() -> (config) -> config.useSentinelServers().setReadMode(ReadMode.MASTER))
			.run((context) -> assertThat(
					RedisReadModeCheck.warnIfReadingFromReplicas(context.getBean(RedissonClient.class)))
				.isFalse());
	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	@ImportDevServices(DevService.REDIS_SENTINEL)
	static class Services {

		@Bean
		Catalog catalog() {
			return new Catalog();
		}

	}

	static class Catalog {

		private final AtomicInteger loads = new AtomicInteger();

		int loads() {
			return this.loads.get();
		}

		@Cacheable("products")
		public String product(int id) {
			this.loads.incrementAndGet();
			return "product " + id;
		}

	}

}
