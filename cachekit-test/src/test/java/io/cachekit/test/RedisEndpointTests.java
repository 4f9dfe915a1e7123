package io.cachekit.test;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RedisEndpointTests {

	@Test
	void parsesHostPortCredentialsAndDatabase() {
		RedisEndpoint endpoint = RedisEndpoint.parse("redis://app:secret@cache.local:6380/2", "REDIS_URL");
		assertThat(endpoint).isEqualTo(new RedisEndpoint("cache.local", 6380, "app", "secret", 2));
		assertThat(endpoint.url()).isEqualTo("redis://app:secret@cache.local:6380/2");
	}

	@Test
	void keepsTlsFromRedissUrl() {
		RedisEndpoint endpoint = RedisEndpoint.parse("rediss://app:secret@cache.local:6380", "REDIS_URL");
		assertThat(endpoint).isEqualTo(new RedisEndpoint("cache.local", 6380, "app", "secret", 0, true));
		assertThat(endpoint.url()).isEqualTo("rediss://app:secret@cache.local:6380");
		assertThat(RedisEndpoint.parse(endpoint.url(), "REDIS_URL")).isEqualTo(endpoint);
	}

	@Test
	void plainUrlHasNoTls() {
		RedisEndpoint endpoint = RedisEndpoint.parse("redis://cache.local:6380", "REDIS_URL");
		assertThat(endpoint.ssl()).isFalse();
		assertThat(endpoint.url()).isEqualTo("redis://cache.local:6380");
	}

	@Test
	void defaultsPortTo6379() {
		assertThat(RedisEndpoint.parse("redis://localhost", "REDIS_URL").port()).isEqualTo(6379);
	}

	@Test
	void malformedUrlNamesTheSetting() {
		assertThatExceptionOfType(DevServiceException.class)
			.isThrownBy(() -> RedisEndpoint.parse("localhost:6379", "REDIS_URL"))
			.withMessageContaining("REDIS_URL is not a valid Redis URL")
			.withMessageContaining("redis://");
	}

	@Test
	void nonNumericDatabaseIsRejected() {
		assertThatExceptionOfType(DevServiceException.class)
			.isThrownBy(() -> RedisEndpoint.parse("redis://localhost:6379/cache", "REDIS_URL"))
			.withMessageContaining("database number");
	}

}
