package io.cachekit.autoconfigure;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class RedisUrlFailureAnalyzerTests {

	@Test
	void namesThePropertyAndTheEnvironmentVariableBehindIt() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("application.yml", Map.of("spring.data.redis.url", "${REDIS_URL:redis://x}")));
		environment.getPropertySources().addFirst(new MapPropertySource("env", Map.of("REDIS_URL", "localhost:6379")));
		FailureAnalysis analysis = new RedisUrlFailureAnalyzer(environment)
			.analyze(new IllegalStateException("wrapper", new DataRedisUrlSyntaxException("bad scheme")));
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).contains("spring.data.redis.url is not a valid Redis URL: 'localhost:6379'")
			.contains("from REDIS_URL")
			.contains("application.yml");
		assertThat(analysis.getAction()).contains("redis://");
	}

	@Test
	void ignoresOtherFailures() {
		assertThat(new RedisUrlFailureAnalyzer(new StandardEnvironment()).analyze(new IllegalStateException("x")))
			.isNull();
	}

	/** Same simple name as Spring Boot's package-private exception. */
	static class DataRedisUrlSyntaxException extends RuntimeException {

		DataRedisUrlSyntaxException(String message) {
			super(message);
		}

	}

}
