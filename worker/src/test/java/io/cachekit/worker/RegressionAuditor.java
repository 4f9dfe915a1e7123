package io.cachekit.worker;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Polls MongoDB while a test runs and counts every key whose stored version went backwards between two
 * reads: the regression audit of the write-behind acceptance tests.
 */
final class RegressionAuditor {

	private final WriteBehindTestCluster cluster;

	private final Map<String, Long> highest = new HashMap<>();

	private final AtomicLong regressions = new AtomicLong();

	private final AtomicLong snapshots = new AtomicLong();

	private volatile boolean running = true;

	private Thread thread;

	RegressionAuditor(WriteBehindTestCluster cluster) {
		this.cluster = cluster;
	}

	void start() {
		this.thread = new Thread(this::run, "regression-auditor");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	private void run() {
		while (this.running) {
			try {
				audit();
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				return;
			}
			catch (RuntimeException ex) {
				// MongoDB may be down on purpose; keep auditing once it is back
			}
		}
	}

	private void audit() {
		for (Map.Entry<String, Long> stored : this.cluster.storedVersions().entrySet()) {
			Long previous = this.highest.put(stored.getKey(), stored.getValue());
			if (previous != null && stored.getValue() < previous) {
				this.regressions.incrementAndGet();
				this.highest.put(stored.getKey(), previous);
			}
		}
		this.snapshots.incrementAndGet();
	}

	void stop() throws InterruptedException {
		this.running = false;
		this.thread.join();
		audit();
	}

	long regressions() {
		return this.regressions.get();
	}

	long snapshots() {
		return this.snapshots.get();
	}

}
