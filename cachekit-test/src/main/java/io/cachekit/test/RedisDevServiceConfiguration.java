package io.cachekit.test;

import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Connects Spring Data Redis and Redisson to the dev-services Redis.
 */
@Configuration(proxyBeanMethods = false)
class RedisDevServiceConfiguration {

	@Bean
	DataRedisConnectionDetails devServicesRedisConnectionDetails() {
		RedisEndpoint endpoint = DevServices.shared().redis();
		return new DataRedisConnectionDetails() {

			@Override
			public String getUsername() {
				return endpoint.username();
			}

			@Override
			public String getPassword() {
				return endpoint.password();
			}

			@Override
			public Standalone getStandalone() {
				return Standalone.of(endpoint.host(), endpoint.port(), endpoint.database());
			}

		};
	}

}
