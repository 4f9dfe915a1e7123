package io.cachekit.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.TreeMap;

import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Prints where the in-JVM Kafka broker spent its time on produce, fetch and offset-commit requests (its own
 * {@code kafka.network:type=RequestMetrics} beans: queue, local, remote, response queue, response send and
 * total time; p99 and max since the broker started), and what the producers in this JVM saw (time records spent
 * in the accumulator, request latency as the client measures it), to tell where a slow acknowledgement waited.
 */
final class KafkaRequestTimes {

	private static final String[] PRODUCER_ATTRIBUTES = { "record-queue-time-avg", "record-queue-time-max",
			"request-latency-avg", "request-latency-max", "records-per-request-avg", "record-retry-total",
			"record-error-total", "bufferpool-wait-time-ns-total", "io-wait-ratio", "requests-in-flight" };

	private KafkaRequestTimes() {
	}

	static void print(String label) {
		MBeanServer server = ManagementFactory.getPlatformMBeanServer();
		Map<String, String> lines = new TreeMap<>();
		try {
			for (ObjectName name : server.queryNames(new ObjectName("kafka.network:type=RequestMetrics,*"), null)) {
				String request = name.getKeyProperty("request");
				String metric = name.getKeyProperty("name");
				if (metric == null || !metric.endsWith("TimeMs") || !("Produce".equals(request)
						|| "Fetch".equals(request) || "OffsetCommit".equals(request))) {
					continue;
				}
				long count = ((Number) server.getAttribute(name, "Count")).longValue();
				if (count > 0) {
					lines.put(request + " " + metric, String.format("p99 %.1f ms, max %.1f ms (%,d requests)",
							((Number) server.getAttribute(name, "99thPercentile")).doubleValue(),
							((Number) server.getAttribute(name, "Max")).doubleValue(), count));
				}
			}
			// and what the producers saw: time in the accumulator, request latency as the client measures it
			for (ObjectName name : server.queryNames(new ObjectName("kafka.producer:type=producer-metrics,*"), null)) {
				for (String attribute : PRODUCER_ATTRIBUTES) {
					Object value = server.getAttribute(name, attribute);
					lines.put("producer " + name.getKeyProperty("client-id") + " " + attribute, String.valueOf(value));
				}
			}
		}
		catch (Exception ex) {
			lines.put("unavailable", ex.toString());
		}
		System.out.println("KAFKA REQUEST TIMES (" + label + "):");
		lines.forEach((metric, value) -> System.out.println("  " + metric + ": " + value));
	}

}
