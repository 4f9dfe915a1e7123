package io.cachekit.cache.lease;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import io.cachekit.cache.store.CacheStore;

/**
 * What the caches of one manager share to load each missing entry once across instances: unique lease
 * tokens, the landing channel on which a load that others wait for announces its entry, the futures those
 * waiters block on, and a small bounded pool that runs background refreshes.
 * <p>
 * A waiter registers its future before it claims the lease, and the holder announces only after it wrote,
 * so a landing cannot slip between the claim and the wait; a lost message costs at most the wait timeout,
 * after which the waiter looks again. A waiter also gives up as soon as Redis stops answering (the cache's
 * circuit breaker opens): the holder could neither write nor announce, so a hung Redis does not hold waiters
 * for the whole wait timeout.
 */
public final class LoadCoordination implements AutoCloseable {

	private final String instance = UUID.randomUUID().toString();

	private final AtomicLong tokens = new AtomicLong();

	private final CacheStore store;

	private final String landingChannel;

	private final Duration leaseTime;

	private final Duration waitTimeout;

	private final ConcurrentHashMap<String, CompletableFuture<Void>> landings = new ConcurrentHashMap<>();

	private final ThreadPoolExecutor refresher;

	private final BooleanSupplier redisAnswering;

	/** How often a waiter checks whether Redis still answers. */
	private static final long CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

	/**
	 * Creates the coordination of one manager.
	 * @param store the store
	 * @param landingChannel the channel loads are announced on
	 * @param leaseTime how long a lease lives if its holder never writes (e.g. it crashed)
	 * @param waitTimeout how long a caller waits for another's load before loading itself
	 * @param refreshThreads how many background refreshes run at once
	 */
	public LoadCoordination(CacheStore store, String landingChannel, Duration leaseTime, Duration waitTimeout,
			int refreshThreads) {
		this(store, landingChannel, leaseTime, waitTimeout, refreshThreads, () -> true);
	}

	/**
	 * Creates the coordination of one manager.
	 * @param store the store
	 * @param landingChannel the channel loads are announced on
	 * @param leaseTime how long a lease lives if its holder never writes (e.g. it crashed)
	 * @param waitTimeout how long a caller waits for another's load before loading itself
	 * @param refreshThreads how many background refreshes run at once
	 * @param redisAnswering whether Redis currently answers (e.g. the cache's circuit breaker is not open)
	 */
	public LoadCoordination(CacheStore store, String landingChannel, Duration leaseTime, Duration waitTimeout,
			int refreshThreads, BooleanSupplier redisAnswering) {
		this.redisAnswering = redisAnswering;
		this.store = store;
		this.landingChannel = landingChannel;
		this.leaseTime = leaseTime;
		this.waitTimeout = waitTimeout;
		AtomicInteger threads = new AtomicInteger();
		this.refresher = new ThreadPoolExecutor(refreshThreads, refreshThreads, 30, TimeUnit.SECONDS,
				new ArrayBlockingQueue<>(1024), (runnable) -> {
					Thread thread = new Thread(runnable, "cachekit-refresh-" + threads.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				});
		this.refresher.allowCoreThreadTimeOut(true);
	}

	/**
	 * Listens for landings; called once by the manager.
	 */
	public void subscribe() {
		this.store.subscribe(this.landingChannel, this::landed);
	}

	/** @return a token no other caller in any instance uses */
	public String newToken() {
		return this.instance + ":" + this.tokens.incrementAndGet();
	}

	/** @return the landing channel */
	public String landingChannel() {
		return this.landingChannel;
	}

	/** @return the lease time */
	public Duration leaseTime() {
		return this.leaseTime;
	}

	/** @return how long a caller waits for another's load */
	public Duration waitTimeout() {
		return this.waitTimeout;
	}

	/**
	 * Registers interest in an entry's landing; call before claiming its lease.
	 * @param storeKey the entry key
	 * @return the future completed when the entry lands or its lease is revoked or released
	 */
	public CompletableFuture<Void> expectLanding(String storeKey) {
		return this.landings.computeIfAbsent(storeKey, (k) -> new CompletableFuture<>());
	}

	/**
	 * Waits for a landing.
	 * @param storeKey the entry key
	 * @param landing the future from {@link #expectLanding(String)}
	 * @param deadlineNanos the {@link System#nanoTime()} to give up at
	 * @return whether the entry landed before the deadline, and Redis kept answering
	 */
	public boolean awaitLanding(String storeKey, CompletableFuture<Void> landing, long deadlineNanos) {
		try {
			while (true) {
				long remaining = deadlineNanos - System.nanoTime();
				if (remaining <= 0 || !this.redisAnswering.getAsBoolean()) {
					this.landings.remove(storeKey, landing);
					return false;
				}
				try {
					landing.get(Math.min(remaining, CHECK_NANOS), TimeUnit.NANOSECONDS);
					return true;
				}
				catch (TimeoutException ex) {
					// look again whether Redis still answers
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		catch (ExecutionException ex) {
			return true;
		}
	}

	/**
	 * Gives up interest in a landing that will not be awaited.
	 * @param storeKey the entry key
	 * @param landing the future from {@link #expectLanding(String)}
	 */
	public void forgetLanding(String storeKey, CompletableFuture<Void> landing) {
		this.landings.remove(storeKey, landing);
	}

	private void landed(String storeKey) {
		CompletableFuture<Void> landing = this.landings.remove(storeKey);
		if (landing != null) {
			landing.complete(null);
		}
	}

	/**
	 * Runs a refresh in the background, unless the pool is saturated.
	 * @param refresh the refresh
	 * @return whether it was accepted
	 */
	public boolean refreshInBackground(Runnable refresh) {
		try {
			this.refresher.execute(refresh);
			return true;
		}
		catch (RejectedExecutionException ex) {
			return false;
		}
	}

	@Override
	public void close() {
		this.refresher.shutdownNow();
	}

}
