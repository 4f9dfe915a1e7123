package io.cachekit.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import org.springframework.context.ConfigurableApplicationContext;

import io.cachekit.apps.CachingReaderTestApplication.Item;
import io.cachekit.test.CachekitAcl;
import io.cachekit.test.DevServices;
import io.cachekit.test.EmbeddedRedisServer;
import io.cachekit.worker.WriteBehindTestCluster.Worker;
import io.cachekit.writebehind.WriteBehindTemplate;
import io.cachekit.writebehind.pending.WriteBehindCache;
import io.cachekit.writebehind.pending.WriteBehindKeys;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The publisher and the worker under the least-privilege ACL of docs/security.md ({@link CachekitAcl}, for
 * the cluster's namespace), on a Redis whose default user is off: saves are pinned, the worker persists them, releases every pin and evicts the cached copies, all as the
 * application's user. A refused command would leave pins pinned or skip the eviction (the worker only logs
 * those), so both are checked.
 */
class WorkerAclIntegrationTests {

	private static final String USER = "shop-app";

	private final String password = "pw-" + UUID.randomUUID();

	/** A Redis with no application user yet: the rule needs the cluster's namespace, which is made below. */
	private final EmbeddedRedisServer redis = EmbeddedRedisServer.startWithUsers();

	private final WriteBehindTestCluster cluster = new WriteBehindTestCluster("acl",
			DevServices.shared().kafkaBootstrapServers(),
			"redis://" + USER + ":" + this.password + "@127.0.0.1:" + this.redis.port(), DevServices.shared().mongoUri());

	@BeforeEach
	void applicationUser() {
		List<String> command = new ArrayList<>(List.of("ACL", "SETUSER"));
		command.addAll(List.of(CachekitAcl.rule(USER, this.password, this.cluster.namespace()).split(" ")));
		assertThat(this.redis.command(command.toArray(String[]::new))).isEqualTo("OK");
	}

	@AfterEach
	void close() {
		this.cluster.close();
		this.redis.close();
	}

	@Test
	void savesArePersistedReleasedAndCachedCopiesEvictedAsTheApplicationsUser() throws Exception {
		ConfigurableApplicationContext publisher = this.cluster.publisher();
		WriteBehindTemplate template = publisher.getBean(WriteBehindTemplate.class);
		WriteBehindCache pins = publisher.getBean(WriteBehindCache.class);
		Worker worker = this.cluster.worker();
		Map<String, Long> versions = new LinkedHashMap<>();
		for (int i = 0; i < 20; i++) {
			String key = "k" + i;
			long version = template.save(WriteBehindTestCluster.TYPE, key, new Item(key, i, ""));
			versions.put(key, version);
			// pinned, or already released by the worker, which runs meanwhile (then a late pin is refused)
			assertThat(versionInRedis(publisher, key)).as("version of %s in Redis after its save", key)
				.isEqualTo(version);
		}
		WriteBehindTestCluster.await(Duration.ofSeconds(60), "every save in MongoDB",
				() -> versions.equals(this.cluster.storedVersions()));
		WriteBehindTestCluster.await(Duration.ofSeconds(10), "every pin released",
				() -> versions.keySet().stream().noneMatch((key) -> {
					WriteBehindCache.Entry entry = pins.get(WriteBehindTestCluster.TYPE, key);
					return entry != null && entry.pinned();
				}));
		MeterRegistry meters = worker.context.getBean(MeterRegistry.class);
		WriteBehindTestCluster.await(Duration.ofSeconds(10), "cached copies of every key evicted",
				() -> meters.find("cachekit.worker.cached.copies.evicted")
					.counters()
					.stream()
					.mapToDouble(Counter::count)
					.sum() >= versions.size());
	}

	/** The version the key's write-behind entry holds, pinned, released or kept as a marker; -1 if none. */
	private static long versionInRedis(ConfigurableApplicationContext publisher, String key) {
		String entry = publisher.getBean(WriteBehindKeys.class).entry(WriteBehindTestCluster.TYPE, key);
		String version = publisher.getBean(RedissonClient.class)
			.<String, String>getMap(entry, StringCodec.INSTANCE)
			.get("version");
		return (version != null) ? Long.parseLong(version) : -1;
	}

}
