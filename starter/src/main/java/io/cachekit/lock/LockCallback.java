package io.cachekit.lock;

/**
 * Code run by {@link LockTemplate#execute} while a lock is held.
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface LockCallback<T> {

	/**
	 * Runs the protected code.
	 * @param lock the held lock, with its fencing token
	 * @return the result
	 * @throws Throwable any failure, passed on to the caller after the lock is released
	 */
	T doWithLock(LockHandle lock) throws Throwable;

}
