package io.cachekit.lock;

import io.cachekit.CachekitException;

/**
 * Thrown when a lock cannot be taken because Redis does not answer. The protected code did not
 * run. Rendered as HTTP 503 Service Unavailable.
 */
public class LockUnavailableException extends CachekitException {

	/**
	 * Creates the exception.
	 * @param lockName the lock
	 * @param cause the Redis failure
	 */
	public LockUnavailableException(String lockName, Throwable cause) {
		super("Lock '" + lockName + "' could not be acquired because Redis is unavailable ("
				+ cause.getMessage() + "); the protected code did not run", cause);
	}

	@Override
	public int httpStatus() {
		return 503;
	}

	@Override
	public String title() {
		return "Lock service unavailable";
	}

}
