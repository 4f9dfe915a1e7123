package io.cachekit.worker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cachekit.writebehind.WriteBehindTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The durability invariant against real process deaths: two workers run as child JVMs
 * ({@link WorkerApplication} on this JVM's class path, pointed at the shared Kafka, Redis and MongoDB), and
 * one of them at a time is killed with SIGKILL ({@link Process#destroyForcibly()}) at a random moment of its
 * work, at least 10 times, and replaced by a fresh process, while publishers keep writing. No shutdown hook,
 * no graceful close and no commit runs in a killed worker; its partitions move to the survivor when its
 * session times out, and the uncommitted records are delivered again.
 * <p>
 * MongoDB must end with every key's last acknowledged version and value, an auditor polling MongoDB must never
 * see a version go backwards, and some records must have been delivered twice (offsets logged by
 * {@link DeliveryLog} in each worker process). To stay well under 90 seconds the publishers write for as long
 * as the kills take (some tens of thousands of updates) rather than the 100,000 of
 * {@link WriteBehindDurabilityIntegrationTests}, which crashes in-JVM workers mid-batch instead.
 */
class WorkerProcessKillIntegrationTests {

	private static final int KILLS = 10;

	private static final int KEYS = 500;

	private static final int PUBLISHERS = 2;

	private final WriteBehindTestCluster cluster = WriteBehindTestCluster.onSharedServers("kill");

	private final List<Process> processes = new CopyOnWriteArrayList<>();

	private final List<Path> deliveryLogs = new CopyOnWriteArrayList<>();

	private final Thread reaper = new Thread(this::destroyWorkers, "worker-process-reaper");

	@TempDir
	Path directory;

	@AfterEach
	void close() {
		destroyWorkers();
		this.cluster.close();
	}

	@Test
	void acknowledgedUpdatesSurviveSigkilledWorkerProcessesWithoutLossOrRegression() throws Exception {
		Runtime.getRuntime().addShutdownHook(this.reaper);
		try {
			killWorkersWhilePublishing();
		}
		finally {
			destroyWorkers();
			try {
				Runtime.getRuntime().removeShutdownHook(this.reaper);
			}
			catch (IllegalStateException ex) {
				// the JVM is already shutting down, and the hook runs
			}
		}
		assertThat(this.processes).allSatisfy((process) -> assertThat(process.isAlive()).isFalse());
	}

	private void killWorkersWhilePublishing() throws Exception {
		WriteBehindTemplate template = this.cluster.publisher().getBean(WriteBehindTemplate.class);
		Worker[] workers = { start(0), start(1) };
		Map<String, Long> acknowledged = new ConcurrentHashMap<>();
		Map<Long, Long> versionOfAttempt = new ConcurrentHashMap<>();
		AtomicLong attempts = new AtomicLong();
		AtomicBoolean publishing = new AtomicBoolean(true);
		RegressionAuditor auditor = new RegressionAuditor(this.cluster);
		auditor.start();
		ExecutorService publishers = Executors.newFixedThreadPool(PUBLISHERS);
		List<Future<?>> done = new ArrayList<>();
		for (int t = 0; t < PUBLISHERS; t++) {
			done.add(publishers.submit(() -> {
				while (publishing.get()) {
					String key = "k" + ThreadLocalRandom.current().nextInt(KEYS);
					long attempt = attempts.incrementAndGet();
					long version = template.save(WriteBehindTestCluster.TYPE, key, new Item(key, attempt));
					versionOfAttempt.put(attempt, version);
					acknowledged.merge(key, version, Math::max);
					Thread.sleep(1);
				}
				return null;
			}));
		}
		List<Integer> exitCodes = new ArrayList<>();
		for (int kill = 0; kill < KILLS; kill++) {
			int slot = kill % workers.length;
			Worker victim = workers[slot];
			WriteBehindTestCluster.await(Duration.ofSeconds(60), "worker process " + victim.id + " to write a batch",
					victim::hasWritten);
			Thread.sleep(ThreadLocalRandom.current().nextLong(1500));
			assertThat(victim.process.isAlive()).as("worker process %d alive until killed", victim.id).isTrue();
			victim.process.destroyForcibly();
			assertThat(victim.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
			exitCodes.add(victim.process.exitValue());
			workers[slot] = start(victim.id + workers.length);
		}
		publishing.set(false);
		for (Future<?> publisher : done) {
			publisher.get(30, TimeUnit.SECONDS);
		}
		publishers.shutdown();
		WriteBehindTestCluster.await(Duration.ofSeconds(60), "every acknowledged version in MongoDB",
				() -> acknowledged.equals(this.cluster.storedVersions()));
		auditor.stop();
		assertThat(exitCodes).as("exit codes of the killed workers (SIGKILL)").hasSize(KILLS).containsOnly(137);
		assertThat(this.cluster.storedVersions()).isEqualTo(acknowledged);
		for (Document document : this.cluster.collection().find()) {
			assertThat(versionOfAttempt.get(((Number) document.get("attempt")).longValue()))
				.as("version of the value stored for %s", document.getString("_id"))
				.isEqualTo(document.getLong("version"));
		}
		assertThat(auditor.regressions()).isZero();
		assertThat(auditor.snapshots()).isGreaterThan(10);
		Map<String, Integer> deliveries = DeliveryLog.deliveries(this.deliveryLogs);
		long redelivered = deliveries.values().stream().filter((count) -> count > 1).count();
		assertThat(redelivered).as("records delivered again after a kill").isPositive();
		assertThat(workers).allSatisfy((worker) -> assertThat(worker.process.isAlive()).isTrue());
	}

	private Worker start(int id) throws IOException {
		Path deliveryLog = this.directory.resolve("deliveries-" + id + ".log");
		Path output = this.directory.resolve("worker-" + id + ".out");
		List<String> command = this.cluster.workerLauncher("spring.main.web-application-type=none",
				"spring.main.sources=" + DeliveryLog.class.getName(), "cachekit.test.delivery-log=" + deliveryLog,
				"cachekit.test.parent-pid=" + ProcessHandle.current().pid(),
				"spring.kafka.consumer.properties.session.timeout.ms=6000", "logging.level.root=WARN")
			.command("-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto");
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
		this.processes.add(process);
		this.deliveryLogs.add(deliveryLog);
		return new Worker(id, process, deliveryLog, output);
	}

	private void destroyWorkers() {
		for (Process process : this.processes) {
			process.destroyForcibly();
		}
		for (Process process : this.processes) {
			try {
				process.waitFor(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	/**
	 * A worker process.
	 *
	 * @param id its number in this test
	 * @param process the child JVM
	 * @param deliveryLog where it logs what it delivers to MongoDB
	 * @param output its standard output and error
	 */
	private record Worker(int id, Process process, Path deliveryLog, Path output) {

		boolean hasWritten() {
			if (!this.process.isAlive()) {
				throw new AssertionError(
						"Worker process " + this.id + " exited with " + this.process.exitValue() + ":\n" + tail());
			}
			try {
				return Files.exists(this.deliveryLog) && Files.size(this.deliveryLog) > 0;
			}
			catch (IOException ex) {
				return false;
			}
		}

		private String tail() {
			try {
				List<String> lines = Files.readAllLines(this.output, StandardCharsets.UTF_8);
				return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
			}
			catch (IOException ex) {
				return "(no output: " + ex.getMessage() + ")";
			}
		}

	}

	record Item(String key, long attempt) {

	}

}
