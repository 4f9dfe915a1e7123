package io.cachekit.lock;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * The cachekit locks held by the current thread, innermost first. Code running under
 * {@link DistributedLock} or {@link LockTemplate} reads its fencing token here.
 */
public final class LockContext {

	private static final ThreadLocal<Deque<LockHandle>> held = ThreadLocal.withInitial(ArrayDeque::new);

	private LockContext() {
	}

	/**
	 * The innermost lock held by this thread.
	 * @return the lock, or empty outside any lock
	 */
	public static Optional<LockHandle> current() {
		return Optional.ofNullable(held.get().peek());
	}

	/**
	 * The fencing token of the innermost lock held by this thread.
	 * @return the token
	 * @throws IllegalStateException when called outside a cachekit lock
	 */
	public static long currentFencingToken() {
		return current().orElseThrow(() -> new IllegalStateException(
				"No cachekit lock is held by this thread; call this inside @DistributedLock or LockTemplate"))
			.fencingToken();
	}

	static void push(LockHandle handle) {
		held.get().push(handle);
	}

	static void pop(LockHandle handle) {
		Deque<LockHandle> locks = held.get();
		locks.remove(handle);
		if (locks.isEmpty()) {
			held.remove();
		}
	}

}
