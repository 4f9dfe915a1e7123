package io.cachekit.demo.support;

import org.redisson.config.ReadMode;
import org.redisson.spring.starter.RedissonAutoConfigurationCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Reads from the master when the demo runs against Redis Sentinel or a cluster (docker-compose.sentinel.yml):
 * Redisson reads from replicas by default there, and a replica that lags would answer cache entries already
 * overwritten or evicted, and sessions already logged out.
 */
@Configuration(proxyBeanMethods = false)
class RedisReadModeConfiguration {

	@Bean
	RedissonAutoConfigurationCustomizer readFromTheMaster() {
		return (config) -> {
			if (config.isSentinelConfig()) {
				config.useSentinelServers().setReadMode(ReadMode.MASTER);
			}
			else if (config.isClusterConfig()) {
				config.useClusterServers().setReadMode(ReadMode.MASTER);
			}
		};
	}

}
