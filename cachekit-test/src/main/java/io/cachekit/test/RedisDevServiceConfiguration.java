package io.cachekit.test;

import java.util.Map;
import java.util.function.Supplier;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Connects Spring Data Redis and Redisson to the dev-services Redis. A {@code rediss://} endpoint
 * ({@code REDIS_URL}) keeps TLS: the connection details carry an SSL bundle, as Spring Boot's own do for
 * {@code spring.data.redis.ssl}: the one named by {@code spring.data.redis.ssl.bundle} (a custom CA), else
 * the JVM's trust store; and {@code spring.data.redis.ssl.enabled} defaults to {@code true}, which is what
 * Redisson's starter reads.
 */
@Configuration(proxyBeanMethods = false)
class RedisDevServiceConfiguration {

	static final String SSL_BUNDLE_PROPERTY = "spring.data.redis.ssl.bundle";

	static final String SSL_ENABLED_PROPERTY = "spring.data.redis.ssl.enabled";

	@Bean
	static BeanFactoryPostProcessor devServicesRedisSslDefault(ConfigurableEnvironment environment) {
		return (beanFactory) -> {
			if (DevServices.shared().redis().ssl()) {
				environment.getPropertySources()
					.addLast(new MapPropertySource("cachekitDevServicesRedis", Map.of(SSL_ENABLED_PROPERTY, "true")));
			}
		};
	}

	@Bean
	DataRedisConnectionDetails devServicesRedisConnectionDetails(ObjectProvider<SslBundles> sslBundles,
			Environment environment) {
		return connectionDetails(DevServices.shared().redis(), sslBundles::getIfAvailable,
				environment.getProperty(SSL_BUNDLE_PROPERTY));
	}

	static DataRedisConnectionDetails connectionDetails(RedisEndpoint endpoint, Supplier<SslBundles> sslBundles,
			String sslBundleName) {
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
			public SslBundle getSslBundle() {
				if (!endpoint.ssl()) {
					return null;
				}
				if (!StringUtils.hasText(sslBundleName)) {
					return SslBundle.systemDefault();
				}
				SslBundles bundles = sslBundles.get();
				if (bundles == null) {
					throw new DevServiceException(SSL_BUNDLE_PROPERTY + " names the SSL bundle '" + sslBundleName
							+ "' but the context has no SslBundles (add SslAutoConfiguration)");
				}
				return bundles.getBundle(sslBundleName);
			}

			@Override
			public Standalone getStandalone() {
				return Standalone.of(endpoint.host(), endpoint.port(), endpoint.database());
			}

		};
	}

}
