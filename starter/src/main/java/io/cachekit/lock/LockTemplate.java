package io.cachekit.lock;

import java.lang.reflect.UndeclaredThrowableException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.redisson.api.RFencedLock;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisException;

import org.springframework.util.Assert;

/**
 * Runs code while holding a Redis lock shared by every instance of the application: the
 * programmatic twin of {@link DistributedLock}. Locks are Redisson fenced locks; each acquisition
 * has a fencing token greater than all before it. The lock is released in a {@code finally} block
 * by its owner only.
 * <p>
 * When Redis does not answer, {@link LockUnavailableException} is thrown and the code does not
 * run: a lock never pretends to be held.
 */
public class LockTemplate {

	private static final Log logger = LogFactory.getLog(LockTemplate.class);

	private final Supplier<RedissonClient> redisson;

	private final String keyPrefix;

	private final LockOptions defaultOptions;

	private final LeaseMonitor leaseMonitor;

	/**
	 * Creates a template.
	 * @param redisson supplies the Redisson client, looked up on first use
	 * @param keyPrefix prepended to every lock name in Redis
	 * @param defaultOptions the options of calls that give none
	 * @param leaseMonitor reports lost leases
	 */
	public LockTemplate(Supplier<RedissonClient> redisson, String keyPrefix, LockOptions defaultOptions,
			LeaseMonitor leaseMonitor) {
		Assert.notNull(redisson, "Redisson client supplier must not be null");
		Assert.notNull(keyPrefix, "Key prefix must not be null");
		Assert.notNull(defaultOptions, "Default options must not be null");
		Assert.notNull(leaseMonitor, "Lease monitor must not be null");
		this.redisson = redisson;
		this.keyPrefix = keyPrefix;
		this.defaultOptions = defaultOptions;
		this.leaseMonitor = leaseMonitor;
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
		RFencedLock lock;
		Long token;
		try {
			lock = this.redisson.get().getFencedLock(name);
			token = lock.tryLockAndGetToken(options.waitTime().toMillis(), leaseMillis(options.leaseTime()),
					TimeUnit.MILLISECONDS);
		}
		catch (RedisException ex) {
			if (Thread.interrupted()) {
				Thread.currentThread().interrupt();
				throw new LockNotAcquiredException(name, new InterruptedException(ex.getMessage()));
			}
			throw new LockUnavailableException(name, ex);
		}
		if (token == null) {
			if (options.failurePolicy() == LockFailurePolicy.SKIP) {
				logger.debug("Lock '" + name + "' is held elsewhere; skipping the protected code");
				return whenSkipped.get();
			}
			throw new LockNotAcquiredException(name, options.waitTime());
		}
		LockHandle handle = new LockHandle(name, token);
		LeaseMonitor.Watch watch = this.leaseMonitor.watch(handle, lock, options.leaseTime());
		LockContext.push(handle);
		try {
			return callback.doWithLock(handle);
		}
		finally {
			LockContext.pop(handle);
			watch.close();
			release(lock, handle);
		}
	}

	private static long leaseMillis(Duration leaseTime) {
		return (leaseTime != null) ? leaseTime.toMillis() : -1;
	}

	private void release(RFencedLock lock, LockHandle handle) {
		try {
			lock.unlock();
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
