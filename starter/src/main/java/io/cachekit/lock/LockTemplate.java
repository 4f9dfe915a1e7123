package io.cachekit.lock;

import java.lang.reflect.UndeclaredThrowableException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.redisson.api.RLock;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.OptionalOptions;
import org.redisson.client.RedisException;
import org.redisson.client.RedisTimeoutException;
import org.redisson.client.codec.StringCodec;

import org.springframework.util.Assert;

import io.cachekit.redis.LuaScript;
import io.cachekit.resilience.CachekitResilience;
import io.cachekit.resilience.RedisDeadline;

/**
 * Runs code while holding a Redis lock shared by every instance of the application: the
 * programmatic twin of {@link DistributedLock}. Locks are Redisson locks; each acquisition gets a
 * fencing token greater than all before it, handed out by a script that checks the caller still
 * holds the lock and takes the Redis server's clock as a floor, so tokens keep growing when Redis
 * loses the last one. The lock is released in a {@code finally} block by its owner only.
 * <p>
 * When Redis does not answer, {@link LockUnavailableException} is thrown and the code does not
 * run: a lock never pretends to be held. The first attempt waits for Redis at most its timeout
 * (or the request's {@link RedisDeadline}); waiting for another holder is bounded by the wait
 * time; the {@code lock} circuit breaker of {@link CachekitResilience} refuses attempts at once
 * while Redis keeps failing.
 */
public class LockTemplate {

	private static final Log logger = LogFactory.getLog(LockTemplate.class);

	private static final LuaScript FENCING_TOKEN = LuaScript.load(LockTemplate.class, "fencing_token.lua");

	/** How long a lock's last token is kept: it only matters while the server's clock could be behind it. */
	private static final Duration TOKEN_RETENTION = Duration.ofDays(1);

	private final Supplier<RedissonClient> redisson;

	private final String keyPrefix;

	private final LockOptions defaultOptions;

	private final LeaseMonitor leaseMonitor;

	private final CircuitBreaker breaker;

	private final Duration timeout;

	private ObservationRegistry observations = ObservationRegistry.NOOP;

	/**
	 * Creates a template guarded by {@link io.cachekit.resilience.ResiliencePolicy#DEFAULTS}.
	 * @param redisson supplies the Redisson client, looked up on first use
	 * @param keyPrefix prepended to every lock name in Redis
	 * @param defaultOptions the options of calls that give none
	 * @param leaseMonitor reports lost leases
	 */
	public LockTemplate(Supplier<RedissonClient> redisson, String keyPrefix, LockOptions defaultOptions,
			LeaseMonitor leaseMonitor) {
		this(redisson, keyPrefix, defaultOptions, leaseMonitor, CachekitResilience.withDefaults());
	}

	/**
	 * Creates a template.
	 * @param redisson supplies the Redisson client, looked up on first use
	 * @param keyPrefix prepended to every lock name in Redis
	 * @param defaultOptions the options of calls that give none
	 * @param leaseMonitor reports lost leases
	 * @param resilience the registry whose {@link CachekitResilience#LOCK} instance guards lock attempts
	 */
	public LockTemplate(Supplier<RedissonClient> redisson, String keyPrefix, LockOptions defaultOptions,
			LeaseMonitor leaseMonitor, CachekitResilience resilience) {
		Assert.notNull(redisson, "Redisson client supplier must not be null");
		Assert.notNull(keyPrefix, "Key prefix must not be null");
		Assert.notNull(defaultOptions, "Default options must not be null");
		Assert.notNull(leaseMonitor, "Lease monitor must not be null");
		Assert.notNull(resilience, "Resilience registry must not be null");
		this.redisson = redisson;
		this.keyPrefix = keyPrefix;
		this.defaultOptions = defaultOptions;
		this.leaseMonitor = leaseMonitor;
		this.breaker = resilience.breaker(CachekitResilience.LOCK);
		this.timeout = resilience.policy(CachekitResilience.LOCK).timeout();
	}

	/**
	 * Observes acquisitions ({@code cachekit.lock.acquire}) and holds ({@code cachekit.lock.held}): timers
	 * when the registry has Micrometer's meter handler, spans when it has a tracing handler.
	 * @param observations the registry; {@link ObservationRegistry#NOOP} (the default) observes nothing
	 */
	public void setObservationRegistry(ObservationRegistry observations) {
		Assert.notNull(observations, "Observation registry must not be null");
		this.observations = observations;
	}

	/**
	 * The options used when a call gives none.
	 * @return the default options
	 */
	public LockOptions defaultOptions() {
		return this.defaultOptions;
	}

	/**
	 * Runs an action under a lock with the default options.
	 * @param key the lock's key (the prefix is added)
	 * @param action the protected code
	 * @param <T> the result type
	 * @return the action's result, or {@code null} if skipped by {@link LockFailurePolicy#SKIP}
	 */
	public <T> T withLock(String key, Supplier<T> action) {
		return withLock(key, this.defaultOptions, (lock) -> action.get());
	}

	/**
	 * Runs an action under a lock with the default options.
	 * @param key the lock's key (the prefix is added)
	 * @param action the protected code
	 */
	public void withLock(String key, Runnable action) {
		withLock(key, this.defaultOptions, (lock) -> {
			action.run();
			return null;
		});
	}

	/**
	 * Runs an action under a lock; the action receives the held lock and its fencing token.
	 * @param key the lock's key (the prefix is added)
	 * @param options how to take the lock
	 * @param action the protected code
	 * @param <T> the result type
	 * @return the action's result, or {@code null} if skipped by {@link LockFailurePolicy#SKIP}
	 */
	public <T> T withLock(String key, LockOptions options, Function<LockHandle, T> action) {
		try {
			return execute(key, options, action::apply);
		}
		catch (RuntimeException | Error ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new UndeclaredThrowableException(ex);
		}
	}

	/**
	 * Runs a callback under a lock, passing on whatever it throws.
	 * @param key the lock's key (the prefix is added)
	 * @param options how to take the lock
	 * @param callback the protected code
	 * @param <T> the result type
	 * @return the callback's result, or {@code null} if skipped by {@link LockFailurePolicy#SKIP}
	 * @throws LockNotAcquiredException if the lock was not acquired in time and the policy is
	 * {@link LockFailurePolicy#THROW}
	 * @throws LockUnavailableException if Redis does not answer
	 * @throws Throwable whatever the callback throws
	 */
	public <T> T execute(String key, LockOptions options, LockCallback<T> callback) throws Throwable {
		return execute(key, options, callback, () -> null);
	}

	<T> T execute(String key, LockOptions options, LockCallback<T> callback, Supplier<T> whenSkipped)
			throws Throwable {
		Assert.hasText(key, "Lock key must not be empty");
		Assert.notNull(options, "Lock options must not be null");
		String name = this.keyPrefix + key;
		String meterName = options.nameFor(key);
		Observation acquisition = LockObservations.acquisition(meterName, this.observations).start();
		RLock lock;
		Long token;
		try {
			lock = this.redisson.get().getLock(name);
			token = acquireGuarded(lock, name, options);
		}
		catch (RuntimeException ex) {
			LockObservations.stop(acquisition, LockObservations.outcomeOf(ex), ex);
			throw ex;
		}
		if (token == null) {
			LockObservations.stop(acquisition, LockObservations.NOT_ACQUIRED, null);
			if (options.failurePolicy() == LockFailurePolicy.SKIP) {
				logger.debug("Lock '" + name + "' is held elsewhere; skipping the protected code");
				return whenSkipped.get();
			}
			throw new LockNotAcquiredException(name, options.waitTime());
		}
		LockObservations.stop(acquisition, LockObservations.ACQUIRED, null);
		LockHandle handle = new LockHandle(name, token);
		Observation holding = LockObservations.holding(meterName, this.observations).start();
		LeaseMonitor.Watch watch = this.leaseMonitor.watch(handle, lock, options.leaseTime());
		LockContext.push(handle);
		try (Observation.Scope scope = holding.openScope()) {
			return callback.doWithLock(handle);
		}
		catch (Throwable ex) {
			holding.error(ex);
			throw ex;
		}
		finally {
			try {
				LockContext.pop(handle);
				watch.close();
				release(lock, handle);
			}
			finally {
				LockObservations.stopHolding(holding, handle.isLeaseLost());
			}
		}
	}

	/**
	 * Takes the lock and its token within the breaker and the request's deadline.
	 * @return the token, or {@code null} if the lock was not acquired in time
	 */
	private Long acquireGuarded(RLock lock, String name, LockOptions options) {
		if (!this.breaker.tryAcquirePermission()) {
			throw new LockUnavailableException(name, new RedisTimeoutException("Redis is failing"));
		}
		if (RedisDeadline.isExceeded()) {
			// the request spent its Redis budget: refuse at once, without counting it against Redis
			this.breaker.releasePermission();
			throw new LockUnavailableException(name,
					new RedisTimeoutException("The request's budget for Redis was spent"));
		}
		long start = System.nanoTime();
		try {
			Long token = acquire(this.redisson.get(), lock, name, options, Thread.currentThread().getId());
			// Redis answered; the time spent waiting for another holder says nothing about Redis
			this.breaker.onSuccess(0, TimeUnit.NANOSECONDS);
			return token;
		}
		catch (RedisException ex) {
			this.breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, ex);
			if (Thread.interrupted()) {
				Thread.currentThread().interrupt();
				throw new LockNotAcquiredException(name, new InterruptedException(ex.getMessage()));
			}
			throw new LockUnavailableException(name, ex);
		}
	}

	/**
	 * Takes the lock and its fencing token: a first attempt that does not wait for another holder, bounded
	 * by the Redis timeout and the request's deadline (a hung Redis fails it fast), then, if the lock is held
	 * elsewhere, an attempt that waits up to the wait time. An attempt given up on is undone when it completes.
	 * @return the token, or {@code null} if the lock was not acquired in time
	 */
	private Long acquire(RedissonClient client, RLock lock, String name, LockOptions options, long threadId) {
		long lease = leaseMillis(options.leaseTime());
		CompletableFuture<Boolean> first = lock.tryLockAsync(0, lease, TimeUnit.MILLISECONDS, threadId)
			.toCompletableFuture();
		boolean acquired = undoOnTimeout(lock, threadId, first,
				() -> RedisDeadline.await(first, this.timeout, "take lock '" + name + "' in"));
		if (!acquired && options.waitTime().toMillis() > 0) {
			CompletableFuture<Boolean> waiting = lock
				.tryLockAsync(options.waitTime().toMillis(), lease, TimeUnit.MILLISECONDS, threadId)
				.toCompletableFuture();
			acquired = undoOnTimeout(lock, threadId, waiting, () -> RedisDeadline.awaitIgnoringDeadline(waiting,
					options.waitTime().plus(this.timeout), "wait for lock '" + name + "' in"));
		}
		if (!acquired) {
			return null;
		}
		long token;
		try {
			token = RedisDeadline.awaitIgnoringDeadline(client
				.getScript(OptionalOptions.defaults().codec(StringCodec.INSTANCE).timeout(this.timeout).retryAttempts(0))
				.<Long>evalAsync(name, RScript.Mode.READ_WRITE, FENCING_TOKEN.source(), RScript.ReturnType.LONG,
						List.of(name, tokenKey(name)), client.getId() + ":" + threadId,
						String.valueOf(TOKEN_RETENTION.toMillis())),
					this.timeout, "take a fencing token for lock '" + name + "' in");
		}
		catch (RuntimeException ex) {
			lock.unlockAsync(threadId);
			throw ex;
		}
		if (token < 0) {
			// the lease ran out between the acquisition and the token: another caller may hold the lock
			return null;
		}
		return token;
	}

	private static boolean undoOnTimeout(RLock lock, long threadId, CompletableFuture<Boolean> attempt,
			Supplier<Boolean> wait) {
		try {
			return Boolean.TRUE.equals(wait.get());
		}
		catch (RuntimeException ex) {
			attempt.thenAccept((acquired) -> {
				if (Boolean.TRUE.equals(acquired)) {
					lock.unlockAsync(threadId);
				}
			});
			throw ex;
		}
	}

	/**
	 * The key of a lock's last fencing token, in the lock's Redis Cluster slot: it keeps the lock name's hash
	 * tag if it has one, otherwise it makes the whole name its hash tag.
	 * @param name the lock name
	 * @return the key
	 */
	static String tokenKey(String name) {
		int open = name.indexOf('{');
		int close = (open >= 0) ? name.indexOf('}', open + 1) : -1;
		boolean tagged = open >= 0 && close > open + 1;
		return tagged ? name + ":~token" : "{" + name + "}:~token";
	}

	private static long leaseMillis(Duration leaseTime) {
		return (leaseTime != null) ? leaseTime.toMillis() : -1;
	}

	private void release(RLock lock, LockHandle handle) {
		try {
			RedisDeadline.awaitIgnoringDeadline(lock.unlockAsync(Thread.currentThread().getId()), this.timeout,
					"release lock '" + handle.name() + "' in");
		}
		catch (IllegalMonitorStateException ex) {
			this.leaseMonitor.leaseLost(handle, Thread.currentThread(),
					"the lock was no longer held by this caller when it was released");
		}
		catch (RedisException ex) {
			if (ex.getCause() instanceof IllegalMonitorStateException) {
				this.leaseMonitor.leaseLost(handle, Thread.currentThread(),
						"the lock was no longer held by this caller when it was released");
			}
			else {
				logger.warn("Could not release lock '" + handle.name() + "' (" + ex.getMessage()
						+ "); it expires with its lease");
			}
		}
	}

}
