package io.cachekit.lock;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.redisson.api.RLock;

import org.springframework.util.Assert;

/**
 * Watches held locks and reports a lost lease to {@link LeaseLostListener}s. A fixed lease is
 * reported lost when it expires before the holder finishes. A watchdog-renewed lease is checked
 * every {@code checkInterval}: it is lost when Redis says another owner (or nobody) holds it, or
 * when Redis has not confirmed it for longer than the watchdog timeout. Optionally interrupts the
 * holder thread.
 */
public class LeaseMonitor implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(LeaseMonitor.class);

	private final ScheduledThreadPoolExecutor scheduler;

	private final Duration checkInterval;

	private final Supplier<Duration> watchdogTimeout;

	private final boolean interruptHolder;

	private final List<LeaseLostListener> listeners;

	/**
	 * Creates a monitor.
	 * @param checkInterval how often a watchdog-renewed lease is checked
	 * @param watchdogTimeout supplies Redisson's lock watchdog timeout, asked when needed
	 * @param interruptHolder whether to interrupt the holder thread when its lease is lost
	 * @param listeners the listeners to notify
	 */
	public LeaseMonitor(Duration checkInterval, Supplier<Duration> watchdogTimeout, boolean interruptHolder,
			List<LeaseLostListener> listeners) {
		Assert.isTrue(checkInterval.toMillis() > 0, "Check interval must be positive");
		this.checkInterval = checkInterval;
		this.watchdogTimeout = watchdogTimeout;
		this.interruptHolder = interruptHolder;
		this.listeners = List.copyOf(listeners);
		this.scheduler = new ScheduledThreadPoolExecutor(1, (runnable) -> {
			Thread thread = new Thread(runnable, "cachekit-lease-monitor");
			thread.setDaemon(true);
			return thread;
		});
		this.scheduler.setRemoveOnCancelPolicy(true);
	}

	/**
	 * Starts watching a lock acquired by the current thread.
	 * @param handle the held lock
	 * @param lock the Redisson lock
	 * @param leaseTime the fixed lease, or {@code null} when the watchdog renews it
	 * @return a watch to close when the lock is released
	 */
	public Watch watch(LockHandle handle, RLock lock, Duration leaseTime) {
		Thread holder = Thread.currentThread();
		if (leaseTime != null) {
			ScheduledFuture<?> expiry = this.scheduler.schedule(() -> leaseLost(handle, holder,
					"the lease of " + leaseTime.toMillis() + " ms expired while the holder was still running"),
					leaseTime.toMillis(), TimeUnit.MILLISECONDS);
			return () -> expiry.cancel(false);
		}
		RenewalCheck check = new RenewalCheck(handle, lock, holder, holder.getId());
		check.future = this.scheduler.scheduleWithFixedDelay(check, this.checkInterval.toMillis(),
				this.checkInterval.toMillis(), TimeUnit.MILLISECONDS);
		return check;
	}

	/**
	 * Reports a lease found lost outside the scheduled checks, e.g. when the release found the
	 * lock owned by someone else.
	 * @param handle the lock
	 * @param holder the holder thread
	 * @param reason what was observed
	 */
	void leaseLost(LockHandle handle, Thread holder, String reason) {
		if (!handle.markLeaseLost(reason)) {
			return;
		}
		logger.warn("Lease of lock '" + handle.name() + "' (fencing token " + handle.fencingToken() + ") lost: "
				+ reason + ". Another caller may hold it; writes must be fenced");
		LeaseLostEvent event = new LeaseLostEvent(handle.name(), handle.fencingToken(), holder, reason);
		for (LeaseLostListener listener : this.listeners) {
			try {
				listener.leaseLost(event);
			}
			catch (RuntimeException ex) {
				logger.warn("Lease-lost listener " + listener + " failed", ex);
			}
		}
		if (this.interruptHolder && holder != Thread.currentThread()) {
			holder.interrupt();
		}
	}

	@Override
	public void close() {
		this.scheduler.shutdownNow();
	}

	/**
	 * Stops watching one lock.
	 */
	@FunctionalInterface
	public interface Watch extends AutoCloseable {

		@Override
		void close();

	}

	private final class RenewalCheck implements Runnable, Watch {

		private final LockHandle handle;

		private final RLock lock;

		private final Thread holder;

		private final long threadId;

		private volatile long lastConfirmed = System.nanoTime();

		private volatile boolean closed;

		private ScheduledFuture<?> future;

		RenewalCheck(LockHandle handle, RLock lock, Thread holder, long threadId) {
			this.handle = handle;
			this.lock = lock;
			this.holder = holder;
			this.threadId = threadId;
		}

		@Override
		public void run() {
			if (this.closed || this.handle.isLeaseLost()) {
				return;
			}
			try {
				if (this.lock.isHeldByThread(this.threadId)) {
					this.lastConfirmed = System.nanoTime();
				}
				else if (!this.closed) {
					leaseLost(this.handle, this.holder,
							"the watchdog could not keep the lease: Redis no longer records this holder");
				}
			}
			catch (RuntimeException ex) {
				Duration unconfirmed = Duration.ofNanos(System.nanoTime() - this.lastConfirmed);
				if (unconfirmed.compareTo(LeaseMonitor.this.watchdogTimeout.get()) >= 0 && !this.closed) {
					leaseLost(this.handle, this.holder, "Redis has not confirmed the lease for "
							+ unconfirmed.toMillis() + " ms (" + ex.getMessage() + ")");
				}
			}
		}

		@Override
		public void close() {
			this.closed = true;
			if (this.future != null) {
				this.future.cancel(false);
			}
		}

	}

}
