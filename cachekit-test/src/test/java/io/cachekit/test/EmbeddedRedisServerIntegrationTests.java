package io.cachekit.test;

import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedRedisServerIntegrationTests {

	@Test
	void restartsOnTheSamePort() {
		try (EmbeddedRedisServer server = EmbeddedRedisServer.start(0)) {
			int port = server.port();
			assertThat(FreePorts.isFree(port)).isFalse();
			server.stop();
			assertThat(server.isRunning()).isFalse();
			assertThat(FreePorts.isFree(port)).isTrue();
			server.start();
			assertThat(server.isRunning()).isTrue();
			assertThat(server.port()).isEqualTo(port);
			Config config = new Config();
			config.useSingleServer().setAddress(server.url());
			RedissonClient redisson = Redisson.create(config);
			try {
				redisson.getBucket("restart").set("ok");
				assertThat(redisson.<String>getBucket("restart").get()).isEqualTo("ok");
			}
			finally {
				redisson.shutdown();
			}
		}
	}

	@Test
	void twoServersNeverShareAPort() {
		try (EmbeddedRedisServer first = EmbeddedRedisServer.start(0);
				EmbeddedRedisServer second = EmbeddedRedisServer.start(0)) {
			assertThat(first.port()).isNotEqualTo(second.port());
		}
	}

}
