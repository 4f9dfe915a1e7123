package io.cachekit.cache;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs the Redis work of Spring's asynchronous cache contract ({@code Cache.retrieve}) on threads of its own,
 * so that no caller's thread, a reactive event loop included, ever waits for Redis. The lookups are the
 * synchronous ones, with every guarantee they have (TTL and jitter, one load across instances, no stale set,
 * fail-open within the timeout, metrics); only the thread differs. A bounded pool: when every thread is busy,
 * lookups queue instead of creating threads without limit.
 */
public final class AsyncLookups implements AutoCloseable {

	private static final ThreadLocal<Boolean> ON_POOL = ThreadLocal.withInitial(() -> false);

	private final ThreadPoolExecutor executor;

	/**
	 * Creates the pool; its threads start on demand and end after 30 idle seconds.
	 * @param threads how many lookups run at once
	 */
	public AsyncLookups(int threads) {
		if (threads < 1) {
			throw new IllegalArgumentException("At least 1 async thread is needed");
		}
		AtomicInteger count = new AtomicInteger();
		this.executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
				(runnable) -> {
					Thread thread = new Thread(runnable, "cachekit-async-" + count.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				});
		this.executor.allowCoreThreadTimeOut(true);
	}

	/**
	 * Runs a lookup on a cachekit thread.
	 * @param lookup the blocking lookup
	 * @param <T> the result type
	 * @return its result; failed with the lookup's own exception, not a wrapper
	 */
	public <T> CompletableFuture<T> supply(Supplier<T> lookup) {
		CompletableFuture<T> result = new CompletableFuture<>();
		if (ON_POOL.get()) {
			// a cached method called by a loader running here: queueing could wait for this very thread
			run(lookup, result);
			return result;
		}
		try {
			this.executor.execute(() -> {
				ON_POOL.set(true);
				try {
					run(lookup, result);
				}
				finally {
					ON_POOL.remove();
				}
			});
		}
		catch (RejectedExecutionException ex) {
			result.completeExceptionally(ex);
		}
		return result;
	}

	/**
	 * Waits on a cachekit thread for an asynchronous loader, so that a synchronous load path can run it.
	 * @param loader the loader's future
	 * @param <T> the value type
	 * @return the loaded value
	 * @throws Exception what the loader failed with
	 */
	public static <T> T await(CompletableFuture<T> loader) throws Exception {
		if (loader == null) {
			throw new IllegalStateException("The value loader returned no CompletableFuture");
		}
		try {
			return loader.get();
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof Exception exception) {
				throw exception;
			}
			throw ex;
		}
	}

	private static <T> void run(Supplier<T> lookup, CompletableFuture<T> result) {
		try {
			result.complete(lookup.get());
		}
		catch (Throwable ex) {
			result.completeExceptionally(unwrap(ex));
		}
	}

	private static Throwable unwrap(Throwable ex) {
		Throwable current = ex;
		while ((current instanceof CompletionException || current instanceof ExecutionException)
				&& current.getCause() != null) {
			current = current.getCause();
		}
		return current;
	}

	@Override
	public void close() {
		this.executor.shutdownNow();
	}

}
