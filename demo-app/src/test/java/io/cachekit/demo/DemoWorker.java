package io.cachekit.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.time.Duration;
import java.util.Collections;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

import io.cachekit.test.ImportDevServices;
import io.cachekit.test.WorkerLauncher;
import io.cachekit.worker.WorkerApplication;
import io.cachekit.worker.consume.WriteBehindBatchListener;

/**
 * The real write-behind worker application in this JVM, next to a demo under test, on the dev-services Redis,
 * Kafka and MongoDB. It reads its own {@code application.yml} (not the demo's, which comes first on this
 * classpath) and gets only the demo's names on top: its database, write-behind topic and Redis key prefix, and
 * a consumer group of its own. Being a separate context, it shares no bean with the demo.
 */
final class DemoWorker {

	private static final Duration ASSIGNMENT_TIMEOUT = Duration.ofSeconds(30);

	private DemoWorker() {
	}

	/**
	 * Starts the worker and waits until it has partitions of the topic.
	 * @param database the demo's MongoDB database
	 * @param topic the demo's write-behind topic
	 * @param namespace the demo's cachekit namespace (Redis keys)
	 * @param groupId a consumer group of the worker's own
	 * @param web whether the worker serves HTTP (its Actuator) on a free port of 127.0.0.1; without it, it
	 * takes no port
	 * @return the running worker
	 */
	static ConfigurableApplicationContext start(String database, String topic, String namespace, String groupId,
			boolean web) {
		return start(database, topic, namespace, groupId, web, new Class<?>[0]);
	}

	/**
	 * Starts the worker with configuration of the test's own on top, and waits until it has partitions of the
	 * topic.
	 * @param database the demo's MongoDB database
	 * @param topic the demo's write-behind topic
	 * @param namespace the demo's cachekit namespace (Redis keys)
	 * @param groupId a consumer group of the worker's own
	 * @param web whether the worker serves HTTP on a free port of 127.0.0.1
	 * @param sources more configuration classes, e.g. a span collector
	 * @return the running worker
	 */
	static ConfigurableApplicationContext start(String database, String topic, String namespace, String groupId,
			boolean web, Class<?>... sources) {
		WorkerLauncher launcher = WorkerLauncher.forNamespace(namespace)
			.source(WorkerDevServices.class)
			.properties("spring.config.location=" + workerApplicationYaml(), "spring.mongodb.database=" + database,
					"cachekit.worker.topic=" + topic, "cachekit.worker.group-id=" + groupId,
					"cachekit.worker.partitions=2",
					// the worker ships without Spring Security; here it shares the demo's classpath, which has it
					"spring.autoconfigure.exclude=" + String.join(",",
							"org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
							"org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
							"org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
							"org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration",
							"org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration"));
		for (Class<?> source : sources) {
			launcher = launcher.source(source);
		}
		ConfigurableApplicationContext worker = (web ? launcher.web() : launcher).start();
		try {
			awaitAssignment(worker, topic);
			return worker;
		}
		catch (RuntimeException | Error ex) {
			worker.close();
			throw ex;
		}
	}

	/**
	 * The HTTP port of a worker started with {@code web}.
	 * @param worker the worker
	 * @return its port
	 */
	static int port(ConfigurableApplicationContext worker) {
		return ((WebServerApplicationContext) worker).getWebServer().getPort();
	}

	private static void awaitAssignment(ConfigurableApplicationContext worker, String topic) {
		MessageListenerContainer container = worker.getBean(KafkaListenerEndpointRegistry.class)
			.getListenerContainer(WriteBehindBatchListener.ID);
		long deadline = System.nanoTime() + ASSIGNMENT_TIMEOUT.toNanos();
		while (container.getAssignedPartitions() == null || container.getAssignedPartitions().isEmpty()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException(
						"The worker was assigned no partition of " + topic + " within " + ASSIGNMENT_TIMEOUT);
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

	/**
	 * The worker's own {@code application.yml}, from the worker's jar (or classes directory): the demo's file
	 * of the same name hides it on this classpath.
	 */
	private static String workerApplicationYaml() {
		try {
			URL source = WorkerApplication.class.getProtectionDomain().getCodeSource().getLocation();
			for (URL candidate : Collections.list(WorkerApplication.class.getClassLoader()
				.getResources("application.yml"))) {
				String location = candidate.toString();
				if (location.startsWith("jar:" + source + "!/") || location.startsWith(source.toString())) {
					return location;
				}
			}
			throw new IllegalStateException("No application.yml in the worker's " + source);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The worker's connection details for the dev services; a source of the worker's context only (no
	 * stereotype, so the demo's component scan never picks it up).
	 */
	@ImportDevServices
	static class WorkerDevServices {

	}

}
