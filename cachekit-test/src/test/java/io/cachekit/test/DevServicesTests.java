package io.cachekit.test;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class DevServicesTests {

	@Test
	void environmentEndpointsWinAndStartNothing() {
		DevServices devServices = new DevServices(DevServices.Ports.ANY,
				Map.of("REDIS_URL", "redis://10.1.2.3:6390", "KAFKA_BOOTSTRAP_SERVERS", "k1:9092,k2:9092",
						"MONGODB_URI", "mongodb://m1:27017/shop")::get);
		assertThat(devServices.redis().url()).isEqualTo("redis://10.1.2.3:6390");
		assertThat(devServices.kafkaBootstrapServers()).isEqualTo("k1:9092,k2:9092");
		assertThat(devServices.mongoUri()).isEqualTo("mongodb://m1:27017/shop");
		assertThat(devServices.embeddedRedis()).isNull();
	}

	@Test
	void environmentRedisUrlKeepsTls() {
		DevServices devServices = new DevServices(DevServices.Ports.ANY,
				Map.of("REDIS_URL", "rediss://app:secret@10.1.2.3:6390")::get);
		assertThat(devServices.redis().ssl()).isTrue();
		assertThat(devServices.redis().url()).isEqualTo("rediss://app:secret@10.1.2.3:6390");
		assertThat(devServices.embeddedRedis()).isNull();
	}

	@Test
	void malformedBootstrapServersNameTheSetting() {
		DevServices devServices = new DevServices(DevServices.Ports.ANY,
				Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka")::get);
		assertThatExceptionOfType(DevServiceException.class).isThrownBy(devServices::kafkaBootstrapServers)
			.withMessageContaining("KAFKA_BOOTSTRAP_SERVERS is not a valid list of servers");
	}

	@Test
	void malformedMongoUriNamesTheSetting() {
		DevServices devServices = new DevServices(DevServices.Ports.ANY, Map.of("MONGODB_URI", "localhost")::get);
		assertThatExceptionOfType(DevServiceException.class).isThrownBy(devServices::mongoUri)
			.withMessageContaining("MONGODB_URI is not a valid MongoDB connection string");
	}

	@Test
	void unknownModeNamesTheSetting() {
		DevServices devServices = new DevServices(DevServices.Ports.ANY,
				Map.of("CACHEKIT_DEV_SERVICES", "cloud")::get);
		assertThatExceptionOfType(DevServiceException.class).isThrownBy(devServices::redis)
			.withMessageContaining("CACHEKIT_DEV_SERVICES must be auto, containers or embedded");
	}

}
