package io.cachekit.benchmarks;

import java.util.concurrent.CountDownLatch;

import io.cachekit.test.DevServices;

/**
 * Starts the embedded servers of {@link DevServices} (Redis, the Kafka broker, the MongoDB stand-in) in a JVM
 * of their own and prints where they listen as environment assignments, so that a benchmark in another JVM
 * (for example pinned to other cores) uses them instead of starting its own:
 * <pre>
 * taskset -c 0 java -cp benchmarks/target/benchmarks.jar io.cachekit.benchmarks.ServersRun &gt; servers.env &amp;
 * export $(grep -E '^(REDIS_URL|KAFKA_BOOTSTRAP_SERVERS|MONGODB_URI)=' servers.env | xargs)
 * </pre>
 * It runs until it is stopped, and stops the servers then. Servers named in the environment (for example
 * {@code REDIS_URL}) are not started, only printed back.
 */
public final class ServersRun {

	private ServersRun() {
	}

	public static void main(String[] args) throws InterruptedException {
		if (DevServices.systemSetting(DevServices.MODE) == null) {
			// processes of this JVM, which taskset pins with it, rather than containers if Docker answers
			System.setProperty(DevServices.MODE, "embedded");
		}
		// the shared instance stops the servers when this JVM is stopped
		DevServices servers = DevServices.shared();
		System.out.println(DevServices.REDIS_URL + "=" + servers.redis().url());
		System.out.println(DevServices.KAFKA_BOOTSTRAP_SERVERS + "=" + servers.kafkaBootstrapServers());
		System.out.println(DevServices.MONGODB_URI + "=" + servers.mongoUri());
		System.out.flush();
		new CountDownLatch(1).await();
	}

}
