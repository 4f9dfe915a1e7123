package io.cachekit.test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.api.redisnode.RedisClusterMaster;
import org.redisson.api.redisnode.RedisNodes;
import org.redisson.config.Config;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedRedisClusterIntegrationTests {

	@Test
	void threeMastersServeEverySlotAndStopWithoutLeftovers() throws Exception {
		List<Integer> ports;
		try (EmbeddedRedisCluster cluster = EmbeddedRedisCluster.start()) {
			ports = cluster.ports();
			assertThat(ports).hasSize(EmbeddedRedisCluster.MASTERS).doesNotHaveDuplicates();
			for (int port : ports) {
				assertThat(RedisProtocol.command(port, 1000, "CLUSTER", "INFO")).contains("cluster_state:ok",
						"cluster_known_nodes:3", "cluster_slots_ok:16384", "cluster_size:3");
			}
			Config config = new Config();
			config.useClusterServers().addNodeAddress(cluster.nodeAddresses().toArray(String[]::new));
			RedissonClient redisson = Redisson.create(config);
			try {
				Set<Integer> masterPorts = new HashSet<>();
				for (RedisClusterMaster master : redisson.getRedisNodes(RedisNodes.CLUSTER).getMasters()) {
					assertThat(master.getAddr().getAddress().isLoopbackAddress()).isTrue();
					masterPorts.add(master.getAddr().getPort());
				}
				assertThat(masterPorts).containsExactlyInAnyOrderElementsOf(ports);
				for (int i = 0; i < 100; i++) {
					redisson.getBucket("key-" + i).set("value-" + i);
				}
				for (int i = 0; i < 100; i++) {
					assertThat(redisson.<String>getBucket("key-" + i).get()).isEqualTo("value-" + i);
				}
				for (int port : ports) {
					assertThat(Long.parseLong(RedisProtocol.command(port, 1000, "DBSIZE"))).isBetween(15L, 55L);
				}
			}
			finally {
				redisson.shutdown();
			}
		}
		for (int port : ports) {
			assertThat(FreePorts.isFree(port)).isTrue();
			assertThat(FreePorts.isFree(port + 10000)).isTrue();
		}
	}

	@Test
	void twoClustersNeverSharePorts() {
		try (EmbeddedRedisCluster first = EmbeddedRedisCluster.start();
				EmbeddedRedisCluster second = EmbeddedRedisCluster.start()) {
			assertThat(first.ports()).doesNotContainAnyElementsOf(second.ports());
		}
	}

}
