package io.cachekit.resilience;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

import io.cachekit.test.EmbeddedRedisServer;
import io.cachekit.test.TestRedisson;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RedisMemoryPolicyCheck} against a real server whose {@code maxmemory} settings the test changes.
 */
class RedisMemoryPolicyCheckIntegrationTests {

	private final EmbeddedRedisServer redis = EmbeddedRedisServer.start(0);

	private final RedissonClient redisson = TestRedisson.create(this.redis.url());

	@AfterEach
	void stop() {
		this.redisson.shutdown();
		this.redis.close();
	}

	@Test
	void evictingPolicyWithLocksInUseWarnsNamingTheSetting() {
		this.redis.command("CONFIG", "SET", "maxmemory", "64mb");
		this.redis.command("CONFIG", "SET", "maxmemory-policy", "allkeys-lru");
		List<String> warnings = new RedisMemoryPolicyCheck(() -> this.redisson,
				() -> List.of("lock keys and fencing tokens", "write-behind pins")).run();
		assertThat(warnings).singleElement()
			.satisfies((warning) -> assertThat(warning).contains("maxmemory-policy allkeys-lru")
				.contains("lock keys and fencing tokens, write-behind pins")
				.contains("noeviction"));
	}

	@Test
	void volatilePolicyAlsoEvictsKeysThatMatter() {
		this.redis.command("CONFIG", "SET", "maxmemory", "64mb");
		this.redis.command("CONFIG", "SET", "maxmemory-policy", "volatile-lfu");
		assertThat(new RedisMemoryPolicyCheck(() -> this.redisson, () -> List.of("rate-limit windows")).run())
			.singleElement()
			.satisfies((warning) -> assertThat(warning).contains("volatile-lfu").contains("rate-limit windows"));
	}

	@Test
	void noWarningWithoutMaxmemoryWithNoevictionOrForCachesAlone() {
		assertThat(new RedisMemoryPolicyCheck(() -> this.redisson, () -> List.of("lock keys and fencing tokens")).run())
			.as("maxmemory 0 never evicts")
			.isEmpty();
		this.redis.command("CONFIG", "SET", "maxmemory", "64mb");
		this.redis.command("CONFIG", "SET", "maxmemory-policy", "noeviction");
		assertThat(new RedisMemoryPolicyCheck(() -> this.redisson, () -> List.of("lock keys and fencing tokens")).run())
			.isEmpty();
		this.redis.command("CONFIG", "SET", "maxmemory-policy", "allkeys-lfu");
		assertThat(new RedisMemoryPolicyCheck(() -> this.redisson, List::of).run()).as("cache entries may go")
			.isEmpty();
	}

}
