package io.cachekit.writebehind;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.common.Node;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Reports whether the Kafka cluster answers: up with the cluster id, controller and broker count when a
 * {@code describeCluster} call returns within the timeout, down otherwise. Spring Boot has no Kafka health
 * indicator; write-behind depends on Kafka, so cachekit brings one.
 */
public class KafkaHealthIndicator extends AbstractHealthIndicator implements DisposableBean {

	private final Map<String, Object> adminConfig;

	private final Duration timeout;

	private volatile Admin admin;

	/**
	 * Creates an indicator.
	 * @param adminConfig the Kafka admin client settings
	 * @param timeout how long a check may take
	 */
	public KafkaHealthIndicator(Map<String, Object> adminConfig, Duration timeout) {
		super("Kafka health check failed");
		this.adminConfig = adminConfig;
		this.timeout = timeout;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) throws Exception {
		int millis = (int) this.timeout.toMillis();
		DescribeClusterResult cluster = admin().describeCluster(new DescribeClusterOptions().timeoutMs(millis));
		String clusterId = cluster.clusterId().get(millis, TimeUnit.MILLISECONDS);
		Collection<Node> nodes = cluster.nodes().get(millis, TimeUnit.MILLISECONDS);
		Node controller = cluster.controller().get(millis, TimeUnit.MILLISECONDS);
		builder.up()
			.withDetail("clusterId", clusterId)
			.withDetail("nodes", nodes.size())
			.withDetail("controller", (controller != null) ? controller.idString() : "none");
	}

	private Admin admin() {
		Admin current = this.admin;
		if (current == null) {
			synchronized (this) {
				current = this.admin;
				if (current == null) {
					Map<String, Object> config = new HashMap<>(this.adminConfig);
					int millis = (int) this.timeout.toMillis();
					config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
					config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
					config.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "cachekit-health");
					current = Admin.create(config);
					this.admin = current;
				}
			}
		}
		return current;
	}

	@Override
	public void destroy() {
		Admin current = this.admin;
		if (current != null) {
			current.close(Duration.ofSeconds(1));
		}
	}

}
