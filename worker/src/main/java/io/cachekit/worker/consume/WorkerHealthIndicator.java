package io.cachekit.worker.consume;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Reports whether the write-behind listener is consuming: up while its container runs (with the partitions
 * it owns), down once it has stopped (e.g. after a fatal error), out of service when it was not started (the
 * replay profile).
 */
public class WorkerHealthIndicator extends AbstractHealthIndicator {

	private final KafkaListenerEndpointRegistry registry;

	/**
	 * Creates an indicator.
	 * @param registry the listener containers
	 */
	public WorkerHealthIndicator(KafkaListenerEndpointRegistry registry) {
		super("Write-behind worker health check failed");
		this.registry = registry;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		MessageListenerContainer container = this.registry.getListenerContainer(WriteBehindBatchListener.ID);
		if (container == null) {
			builder.unknown();
			return;
		}
		if (container.isRunning()) {
			builder.up()
				.withDetail("partitions",
						(container.getAssignedPartitions() != null) ? container.getAssignedPartitions().size() : 0)
				.withDetail("paused", container.isPauseRequested());
		}
		else if (!container.isAutoStartup()) {
			builder.outOfService().withDetail("reason", "listener not started");
		}
		else {
			builder.down().withDetail("reason", "listener container stopped");
		}
	}

}
