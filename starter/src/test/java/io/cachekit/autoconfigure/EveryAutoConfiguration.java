package io.cachekit.autoconfigure;

import org.redisson.spring.starter.RedissonAutoConfigurationV4;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.cachekit.test.DevServices;

/**
 * Every cachekit auto-configuration with Redisson's, Kafka's and AOP's, on the dev services' Kafka: for tests
 * that run whole applications against a Redis of their own.
 */
final class EveryAutoConfiguration {

	private EveryAutoConfiguration() {
	}

	static ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, KafkaAutoConfiguration.class,
					RedissonAutoConfigurationV4.class, CachekitAutoConfiguration.class,
					CachekitResilienceAutoConfiguration.class, CachekitCacheAutoConfiguration.class,
					CachekitLockAutoConfiguration.class, CachekitRateLimitAutoConfiguration.class,
					CachekitWriteBehindAutoConfiguration.class))
			.withPropertyValues("spring.kafka.bootstrap-servers=" + DevServices.shared().kafkaBootstrapServers());
	}

}
