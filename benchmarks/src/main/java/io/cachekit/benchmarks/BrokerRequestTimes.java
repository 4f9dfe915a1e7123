package io.cachekit.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.TreeMap;

import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Prints where the in-JVM Kafka broker spent its time on produce, fetch and offset-commit requests (its own
 * {@code kafka.network:type=RequestMetrics} beans: queue, local, remote, response queue, response send and
 * total time; p99 and max since the broker started), to tell a slow broker from a delay outside it.
 */
final class BrokerRequestTimes {

	private BrokerRequestTimes() {
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
		}
		catch (Exception ex) {
			lines.put("unavailable", ex.toString());
		}
		System.out.println("BROKER REQUEST TIMES (" + label + "):");
		lines.forEach((metric, value) -> System.out.println("  " + metric + ": " + value));
	}

}
