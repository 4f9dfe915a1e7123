package io.cachekit.redis;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.redisson.client.RedisException;
import org.redisson.client.RedisTimeoutException;

/**
 * How a caller waits for a Redis call: at most its timeout, enforced on the call's future rather than left to
 * the client, which may be waiting for a connection, reconnecting or retrying. The starter plugs in its
 * per-request budget ({@code RedisDeadline}); {@link #TIMEOUT} waits for the timeout alone.
 */
@FunctionalInterface
public interface RedisWait {

	/** Waits at most the call's timeout. */
	RedisWait TIMEOUT = RedisWait::awaitAtMost;

	/**
	 * Waits for a call.
	 * @param <T> the result type
	 * @param call the call's result
	 * @param timeout the call's timeout
	 * @param what the call, for the message, e.g. {@code "read from"}
	 * @return the result
	 * @throws RedisTimeoutException if no answer came in time
	 * @throws RedisException if the call failed (a runtime failure is passed on as it is)
	 */
	<T> T await(CompletionStage<T> call, Duration timeout, String what);

	/**
	 * Waits for a call at most the given time.
	 * @param <T> the result type
	 * @param call the call's result
	 * @param waitNanos the longest wait; 0 or less fails at once unless the answer is there
	 * @param what the call, for the message
	 * @return the result
	 * @throws RedisTimeoutException if no answer came in time
	 * @throws RedisException if the call failed (a runtime failure is passed on as it is)
	 */
	static <T> T awaitNanos(CompletionStage<T> call, long waitNanos, String what) {
		java.util.concurrent.CompletableFuture<T> future = call.toCompletableFuture();
		try {
			if (future.isDone()) {
				return future.get();
			}
			if (waitNanos <= 0) {
				throw new TimeoutException();
			}
			return future.get(waitNanos, TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			throw new RedisTimeoutException("No answer from Redis to " + what + " within "
					+ TimeUnit.NANOSECONDS.toMillis(Math.max(waitNanos, 0)) + " ms");
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new RedisException("Redis call to " + what + " failed", cause);
		}
		catch (CancellationException ex) {
			throw new RedisException("Redis call to " + what + " was cancelled", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new RedisException("Interrupted while waiting for Redis to " + what, ex);
		}
	}

	private static <T> T awaitAtMost(CompletionStage<T> call, Duration timeout, String what) {
		return awaitNanos(call, timeout.toNanos(), what);
	}

}
