package io.cachekit.lock;

import java.util.concurrent.atomic.AtomicReference;

/**
 * A lock held by the current thread: its name, its fencing token and whether its lease has been
 * lost. Handed to {@link LockCallback}s and available through {@link LockContext#current()}.
 */
public final class LockHandle {

	private final String name;

	private final long fencingToken;

	private final AtomicReference<String> leaseLostReason = new AtomicReference<>();

	LockHandle(String name, long fencingToken) {
		this.name = name;
		this.fencingToken = fencingToken;
	}

	/**
	 * The lock's full name in Redis.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * The fencing token of this acquisition: strictly greater than the token of every earlier
	 * acquisition of the same lock. Pass it to the storage you write and let it reject writes
	 * carrying a lower token than the last one it accepted.
	 * @return the token
	 */
	public long fencingToken() {
		return this.fencingToken;
	}

	/**
	 * Whether the lease was found expired or not renewed while the lock was held: another caller
	 * may hold the lock now, so writes must be fenced.
	 * @return {@code true} once the lease is lost
	 */
	public boolean isLeaseLost() {
		return this.leaseLostReason.get() != null;
	}

	/**
	 * Why the lease was lost.
	 * @return the reason or {@code null} while the lease is valid
	 */
	public String leaseLostReason() {
		return this.leaseLostReason.get();
	}

	boolean markLeaseLost(String reason) {
		return this.leaseLostReason.compareAndSet(null, reason);
	}

	@Override
	public String toString() {
		return "LockHandle[" + this.name + ", token=" + this.fencingToken + "]";
	}

}
