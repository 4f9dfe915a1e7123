package io.cachekit.apps;

import org.redisson.spring.starter.RedissonAutoConfigurationCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Lock acquisitions that do not wait for the replica, so that a failover can lose them; added to a publisher
 * application with {@code spring.main.sources}.
 */
@Configuration(proxyBeanMethods = false)
public class UnsyncedLocks {

	@Bean
	RedissonAutoConfigurationCustomizer unsyncedLockAcquisitions() {
		return (config) -> config.setCheckLockSyncedSlaves(false).setSlavesSyncTimeout(1);
	}

}
