package io.cachekit.test;

import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for the connection details of {@link RedisDevServiceConfiguration}.
 */
class RedisDevServiceConfigurationTests {

	private final SslBundle companyCa = SslBundle.of(null);

	private final SslBundles bundles = new DefaultSslBundleRegistry("redis-ca", this.companyCa);

	private static DataRedisConnectionDetails details(String url, Supplier<SslBundles> bundles, String bundleName) {
		return RedisDevServiceConfiguration.connectionDetails(RedisEndpoint.parse(url, "REDIS_URL"), bundles,
				bundleName);
	}

	@Test
	void plainEndpointHasNoSslBundle() {
		DataRedisConnectionDetails details = details("redis://app:secret@cache.local:6380/2", () -> this.bundles, "redis-ca");
		assertThat(details.getSslBundle()).isNull();
		assertThat(details.getUsername()).isEqualTo("app");
		assertThat(details.getPassword()).isEqualTo("secret");
		assertThat(details.getStandalone().getHost()).isEqualTo("cache.local");
		assertThat(details.getStandalone().getPort()).isEqualTo(6380);
		assertThat(details.getStandalone().getDatabase()).isEqualTo(2);
	}

	@Test
	void tlsEndpointUsesTheNamedSslBundle() {
		DataRedisConnectionDetails details = details("rediss://cache.local:6380", () -> this.bundles, "redis-ca");
		assertThat(details.getSslBundle()).isSameAs(this.companyCa);
	}

	@Test
	void tlsEndpointWithoutNamedBundleTrustsTheJvmDefaults() {
		DataRedisConnectionDetails details = details("rediss://cache.local:6380", () -> this.bundles, null);
		assertThat(details.getSslBundle()).isNotNull().isNotSameAs(this.companyCa);
	}

	@Test
	void namedBundleWithoutSslBundlesNamesTheProperty() {
		DataRedisConnectionDetails details = details("rediss://cache.local:6380", () -> null, "redis-ca");
		assertThatExceptionOfType(DevServiceException.class).isThrownBy(details::getSslBundle)
			.withMessageContaining("spring.data.redis.ssl.bundle");
	}

}
