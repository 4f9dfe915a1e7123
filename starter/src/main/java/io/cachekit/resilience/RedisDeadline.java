package io.cachekit.resilience;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

import org.redisson.client.RedisException;
import org.redisson.client.RedisTimeoutException;

import io.cachekit.redis.RedisWait;

/**
 * Bounds how long Redis can make a caller wait. Every Redis call on a request path waits at most its own
 * timeout, and, inside a {@link #open(Duration) scope} (one per HTTP request, opened by cachekit's servlet
 * filter), at most what is left of the scope's budget of Redis waiting: only time spent waiting for Redis
 * counts, not the rest of the request. A hung Redis therefore costs a request the budget once, however many
 * Redis calls it makes, and then each failure policy applies at once; a request that is slow for another
 * reason (a slow query, a Kafka acknowledgement) keeps its whole budget for Redis.
 * <p>
 * The wait is enforced here, on the future of the call, and not only by the client's own timeout: a client
 * waiting for a connection, reconnecting or retrying cannot make the caller wait longer.
 */
public final class RedisDeadline {

	private static final ThreadLocal<Scope> current = new ThreadLocal<>();

	private RedisDeadline() {
	}

	/**
	 * Opens a scope on this thread; a scope already open with less budget left is kept.
	 * @param budget how long Redis calls may make this thread wait in all, until the scope is closed
	 * @return the scope, to close in a {@code finally} block or try-with-resources
	 */
	public static Scope open(Duration budget) {
		Scope outer = current.get();
		if (outer != null && outer.remainingNanos <= budget.toNanos()) {
			return Scope.NOOP;
		}
		Scope scope = new Scope(budget.toNanos(), outer);
		current.set(scope);
		return scope;
	}

	/**
	 * How long a call may still wait: its own timeout, or less if this thread's budget runs out first.
	 * @param timeout the call's timeout
	 * @return nanoseconds, 0 if the budget is spent
	 */
	public static long waitNanos(Duration timeout) {
		long own = timeout.toNanos();
		Scope scope = current.get();
		return (scope != null) ? Math.max(0, Math.min(own, scope.remainingNanos)) : own;
	}

	/**
	 * Counts time spent waiting for Redis against this thread's budget, for a caller that waited by other
	 * means than {@link #await}.
	 * @param nanos the time waited
	 */
	public static void spent(long nanos) {
		Scope scope = current.get();
		if (scope != null) {
			scope.remainingNanos -= nanos;
		}
	}

	/**
	 * Whether this thread's budget is spent, so a Redis call should not even be sent.
	 * @return {@code true} inside a scope whose budget is spent
	 */
	public static boolean isExceeded() {
		Scope scope = current.get();
		return scope != null && scope.remainingNanos <= 0;
	}

	/**
	 * Waits for a Redis call for at most {@link #waitNanos(Duration)}, and counts the wait against the budget.
	 * @param <T> the result type
	 * @param call the call's result
	 * @param timeout the call's timeout
	 * @param what the call, for the message, e.g. {@code "read from"}
	 * @return the result
	 * @throws RedisTimeoutException if no answer came in time
	 * @throws RedisException if the call failed (a runtime failure is passed on as it is)
	 */
	public static <T> T await(CompletionStage<T> call, Duration timeout, String what) {
		long start = System.nanoTime();
		try {
			return await(call, waitNanos(timeout), what);
		}
		finally {
			spent(System.nanoTime() - start);
		}
	}

	/**
	 * Waits for a call for at most the given time, whatever this thread's budget, and without spending it: for
	 * a call whose wait is not only Redis's (a lock attempt that waits for the holder) or that must run to its
	 * end (a release).
	 * @param <T> the result type
	 * @param call the call's result
	 * @param wait the longest wait
	 * @param what the call, for the message
	 * @return the result
	 * @throws RedisTimeoutException if no answer came in time
	 * @throws RedisException if the call failed (a runtime failure is passed on as it is)
	 */
	public static <T> T awaitIgnoringDeadline(CompletionStage<T> call, Duration wait, String what) {
		return await(call, wait.toNanos(), what);
	}

	private static <T> T await(CompletionStage<T> call, long wait, String what) {
		return RedisWait.awaitNanos(call, wait, what);
	}

	/** An open budget; closing it restores the one that was open before. */
	public static final class Scope implements AutoCloseable {

		static final Scope NOOP = new Scope(0, null);

		private final long budgetNanos;

		private long remainingNanos;

		private final Scope outer;

		private Scope(long budgetNanos, Scope outer) {
			this.budgetNanos = budgetNanos;
			this.remainingNanos = budgetNanos;
			this.outer = outer;
		}

		@Override
		public void close() {
			if (this == NOOP) {
				return;
			}
			if (this.outer != null) {
				this.outer.remainingNanos -= this.budgetNanos - this.remainingNanos;
				current.set(this.outer);
			}
			else {
				current.remove();
			}
		}

	}

}
