package io.cachekit.lock;

/**
 * What happens when a lock is not acquired within its wait time. When Redis cannot be reached the
 * call always fails with {@link LockUnavailableException}: a lock never pretends to be held.
 */
public enum LockFailurePolicy {

	/** Throw {@link LockNotAcquiredException} (HTTP 409). */
	THROW,

	/**
	 * Skip the protected code and return {@code null} (or an empty {@code Optional}, or
	 * nothing for {@code void} methods), for work that another instance is already doing.
	 */
	SKIP

}
