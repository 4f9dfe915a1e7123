package io.cachekit.lock;

import java.time.Duration;

import io.cachekit.CachekitException;

/**
 * Thrown when another holder kept a lock for longer than the caller's wait time. Rendered as HTTP
 * 409 Conflict.
 */
public class LockNotAcquiredException extends CachekitException {

	private final String lockName;

	/**
	 * Creates the exception.
	 * @param lockName the lock
	 * @param waitTime how long the caller waited
	 */
	public LockNotAcquiredException(String lockName, Duration waitTime) {
		super("Lock '" + lockName + "' is held by another caller and was not acquired within "
				+ waitTime.toMillis() + " ms");
		this.lockName = lockName;
	}

	/**
	 * Creates the exception for an interrupted wait.
	 * @param lockName the lock
	 * @param cause the interruption
	 */
	public LockNotAcquiredException(String lockName, InterruptedException cause) {
		super("Interrupted while waiting for lock '" + lockName + "'", cause);
		this.lockName = lockName;
	}

	/**
	 * The lock that was not acquired.
	 * @return its name
	 */
	public String getLockName() {
		return this.lockName;
	}

	@Override
	public int httpStatus() {
		return 409;
	}

	@Override
	public String title() {
		return "Resource is locked";
	}

}
