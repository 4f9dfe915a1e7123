package io.cachekit.test;

import java.util.Arrays;
import java.util.List;

import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Connects Spring Data Redis and Redisson to the dev-services Redis Sentinel group, so that they run in
 * Sentinel mode and follow a failover.
 */
@Configuration(proxyBeanMethods = false)
class RedisSentinelDevServiceConfiguration {

	@Bean
	DataRedisConnectionDetails devServicesRedisSentinelConnectionDetails() {
		EmbeddedRedisSentinel group = DevServices.shared().redisSentinel();
		List<DataRedisConnectionDetails.Node> nodes = Arrays.stream(group.sentinelNodes().split(","))
			.map((node) -> new DataRedisConnectionDetails.Node(node.substring(0, node.lastIndexOf(':')),
					Integer.parseInt(node.substring(node.lastIndexOf(':') + 1))))
			.toList();
		return new DataRedisConnectionDetails() {

			@Override
			public Sentinel getSentinel() {
				return new Sentinel() {

					@Override
					public int getDatabase() {
						return 0;
					}

					@Override
					public String getMaster() {
						return EmbeddedRedisSentinel.MASTER_NAME;
					}

					@Override
					public List<Node> getNodes() {
						return nodes;
					}

					@Override
					public String getUsername() {
						return null;
					}

					@Override
					public String getPassword() {
						return null;
					}

				};
			}

		};
	}

}
