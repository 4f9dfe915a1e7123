package io.cachekit.demo;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.redisson.api.RScoredSortedSet;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import io.cachekit.demo.product.ProductWarmerProbe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Warming from what was hot: Redis holds the shared hot set of the products cache (as running instances
 * leave it); two demo instances start against it. Each of its top products is loaded once across both (one
 * instance warms, under the warming lock; the other finds the entries fresh), and the first request for each
 * of them, on either instance, is a hit.
 */
class ProductWarmingIntegrationTests {

	private static final int HOT = 30;

	@Test
	void twoStartingInstancesWarmTheSharedHotProductsOnceAndTheirFirstReadsHit() {
		String name = "demo-warm-" + UUID.randomUUID().toString().substring(0, 8);
		try (ConfigurableApplicationContext first = start(name)) {
			RedissonClient redisson = first.getBean(RedissonClient.class);
			// the hot set other instances left in the current window: products 501..530, 501 the hottest
			long window = System.currentTimeMillis() / Duration.ofMinutes(10).toMillis();
			RScoredSortedSet<String> hotSet = redisson.getScoredSortedSet(name + ":~hot:products:" + window,
					StringCodec.INSTANCE);
			for (int i = 0; i < HOT; i++) {
				hotSet.add(1_000 - i, String.valueOf(501 + i));
			}
			hotSet.expire(Duration.ofMinutes(20));
			// the first instance started before the hot set existed; its next run warms it
			ProductWarmerProbe.warmNow(first);
			try (ConfigurableApplicationContext second = start(name)) {
				await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
						merge(ProductWarmerProbe.loads(first), ProductWarmerProbe.loads(second))).hasSize(HOT));
				ProductWarmerProbe.warmNow(second);
				Map<Long, Integer> loads = merge(ProductWarmerProbe.loads(first), ProductWarmerProbe.loads(second));
				assertThat(loads.values()).as("one load per hot product across both instances").containsOnly(1);
				ApiClient firstApi = new ApiClient(port(first));
				ApiClient secondApi = new ApiClient(port(second));
				for (int i = 0; i < HOT; i++) {
					ApiClient api = (i % 2 == 0) ? firstApi : secondApi;
					HttpResponse<String> read = api.get("/api/products/" + (501 + i));
					assertThat(read.statusCode()).isEqualTo(200);
					assertThat(read.headers().firstValue("X-Cache")).as("product %d", 501 + i).hasValue("HIT");
				}
			}
		}
	}

	private static Map<Long, Integer> merge(Map<Long, Integer> a, Map<Long, Integer> b) {
		Map<Long, Integer> merged = new HashMap<>(a);
		b.forEach((id, count) -> merged.merge(id, count, Integer::sum));
		return merged;
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	private static ConfigurableApplicationContext start(String name) {
		// as arguments: they must win over application.yml
		return new SpringApplicationBuilder(DemoApplication.class, TestDemoApplication.DevServicesConfiguration.class)
			.run("--server.port=0", "--server.address=127.0.0.1", "--spring.main.banner-mode=off",
					"--spring.mongodb.database=" + name, "--cachekit.namespace=" + name,
					"--cachekit.write-behind.topic=" + name + ".write-behind",
					"--spring.session.data.redis.namespace=" + name + ":session",
					"--demo.leaderboard.key=" + name + ":leaderboard", "--cachekit.rate-limit.enabled=false");
	}

}
