package io.cachekit.cache;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs the Redis work of Spring's asynchronous cache contract ({@code Cache.retrieve}) on threads of its own,
 * so that no caller's thread, a reactive event loop included, ever waits for Redis. The lookups are the
 * synchronous ones, with every guarantee they have (TTL and jitter, one load across instances, no stale set,
 * fail-open within the timeout, metrics); only the thread differs. A bounded pool: when every thread is busy,
 * lookups queue instead of creating threads without limit. The writes Spring makes after an asynchronous
 * result (puts, evictions, clears) run one at a time on a thread of their own, in the order they were asked
 * for, so that a later eviction or put of a key is never overtaken by an earlier one.
 */
public final class AsyncLookups implements AutoCloseable {

	private static final ThreadLocal<Boolean> ON_POOL = ThreadLocal.withInitial(() -> false);

	private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(2);

	private final ThreadPoolExecutor lookups;

	private final ThreadPoolExecutor writes;

	/**
	 * Creates the pools; their threads start on demand and end after 30 idle seconds.
	 * @param threads how many lookups run at once
	 */
	public AsyncLookups(int threads) {
		if (threads < 1) {
			throw new IllegalArgumentException("At least 1 async thread is needed");
		}
		this.lookups = pool(threads, "cachekit-async-");
		this.writes = pool(1, "cachekit-async-write-");
	}

	private static ThreadPoolExecutor pool(int threads, String name) {
		AtomicInteger count = new AtomicInteger();
		ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(), (runnable) -> {
					Thread thread = new Thread(runnable, name + count.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				});
		pool.allowCoreThreadTimeOut(true);
		return pool;
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
		submit(this.lookups, lookup, result);
		return result;
	}

	/**
	 * Runs a write after the writes asked for before it, on cachekit's write thread.
	 * @param write the blocking write
	 */
	public void write(Runnable write) {
		submit(this.writes, () -> {
			write.run();
			return null;
		}, new CompletableFuture<>());
	}

	private static <T> void submit(ExecutorService executor, Supplier<T> work, CompletableFuture<T> result) {
		try {
			executor.execute(new Task<>(work, result));
		}
		catch (RejectedExecutionException ex) {
			result.completeExceptionally(ex);
		}
	}

	/**
	 * Waits on a cachekit thread for an asynchronous loader, so that a synchronous load path can run it; never
	 * longer than the given time, so that a loader that never completes cannot hold a thread for ever.
	 * @param loader the loader's future
	 * @param timeout the longest wait, the load lease's time
	 * @param <T> the value type
	 * @return the loaded value
	 * @throws Exception what the loader failed with, or a {@link TimeoutException}
	 */
	public static <T> T await(CompletableFuture<T> loader, Duration timeout) throws Exception {
		if (loader == null) {
			throw new IllegalStateException("The value loader returned no CompletableFuture");
		}
		try {
			return loader.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof Exception exception) {
				throw exception;
			}
			throw ex;
		}
		catch (TimeoutException ex) {
			loader.cancel(false);
			throw new TimeoutException("The asynchronous value loader did not complete within " + timeout.toMillis()
					+ " ms, the load lease's time");
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

	/**
	 * Lets queued lookups and writes finish for a moment (deferred evictions matter to other instances), then
	 * stops; lookups still queued then fail instead of leaving their callers waiting.
	 */
	@Override
	public void close() {
		this.writes.shutdown();
		this.lookups.shutdown();
		try {
			this.writes.awaitTermination(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS);
			this.lookups.awaitTermination(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		failAll(this.lookups.shutdownNow());
		failAll(this.writes.shutdownNow());
	}

	private static void failAll(List<Runnable> dropped) {
		for (Runnable task : dropped) {
			if (task instanceof Task<?> unrun) {
				unrun.result.completeExceptionally(
						new RejectedExecutionException("The cache manager closed before this cache operation ran"));
			}
		}
	}

	/** One lookup or write, with the future its caller waits on. */
	private static final class Task<T> implements Runnable {

		private final Supplier<T> work;

		private final CompletableFuture<T> result;

		Task(Supplier<T> work, CompletableFuture<T> result) {
			this.work = work;
			this.result = result;
		}

		@Override
		public void run() {
			ON_POOL.set(true);
			try {
				AsyncLookups.run(this.work, this.result);
			}
			finally {
				ON_POOL.remove();
			}
		}

	}

}
