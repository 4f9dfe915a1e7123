package io.cachekit.devstack;

import java.util.Map;

import io.cachekit.test.DevServiceException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class DevStackSettingsTests {

	@Test
	void defaultsToTheDocumentedPorts() {
		DevStackSettings settings = DevStackSettings.from(Map.<String, String>of()::get);
		assertThat(settings.redisPort()).isEqualTo(6379);
		assertThat(settings.kafkaPort()).isEqualTo(9092);
		assertThat(settings.mongoPort()).isEqualTo(27017);
		assertThat(settings.demoPort()).isEqualTo(8080);
		assertThat(settings.workerPort()).isEqualTo(8081);
	}

	@Test
	void portsAreOverridable() {
		DevStackSettings settings = DevStackSettings.from(Map.of("CACHEKIT_REDIS_PORT", "16379")::get);
		assertThat(settings.redisPort()).isEqualTo(16379);
	}

	@Test
	void aotModeIsOffUnlessAskedFor() {
		assertThat(DevStackSettings.from(Map.<String, String>of()::get).aot()).isFalse();
		assertThat(DevStackSettings.from(Map.of("CACHEKIT_AOT", "true")::get).aot()).isTrue();
		assertThatExceptionOfType(DevServiceException.class)
			.isThrownBy(() -> DevStackSettings.from(Map.of("CACHEKIT_AOT", "yes")::get))
			.withMessageContaining("CACHEKIT_AOT must be true or false");
	}

	@Test
	void malformedPortNamesTheSetting() {
		assertThatExceptionOfType(DevServiceException.class)
			.isThrownBy(() -> DevStackSettings.from(Map.of("CACHEKIT_KAFKA_PORT", "kafka")::get))
			.withMessageContaining("CACHEKIT_KAFKA_PORT must be a port number");
	}

}
