package io.cachekit.lock;

import java.time.Duration;

import org.springframework.util.Assert;

/**
 * How to take one lock: the wait time, the lease time ({@code null} for watchdog renewal) and what
 * to do when the lock is not acquired. Immutable; use the {@code with*} methods to derive.
 *
 * @param waitTime how long to wait for the lock, zero to try once
 * @param leaseTime how long the lock is held at most, or {@code null} to renew while held
 * @param failurePolicy what to do when the lock is not acquired
 */
public record LockOptions(Duration waitTime, Duration leaseTime, LockFailurePolicy failurePolicy) {

	/** Try once, renew while held, throw when not acquired. */
	public static final LockOptions DEFAULT = new LockOptions(Duration.ZERO, null, LockFailurePolicy.THROW);

	/**
	 * Checks the options.
	 * @param waitTime how long to wait
	 * @param leaseTime the lease or {@code null}
	 * @param failurePolicy the policy
	 */
	public LockOptions {
		Assert.notNull(waitTime, "Wait time must not be null");
		Assert.isTrue(!waitTime.isNegative(), "Wait time must not be negative");
		Assert.isTrue(leaseTime == null || (!leaseTime.isNegative() && !leaseTime.isZero()),
				"Lease time must be positive");
		Assert.notNull(failurePolicy, "Failure policy must not be null");
	}

	/**
	 * Options with another wait time.
	 * @param waitTime how long to wait for the lock
	 * @return new options
	 */
	public LockOptions withWaitTime(Duration waitTime) {
		return new LockOptions(waitTime, this.leaseTime, this.failurePolicy);
	}

	/**
	 * Options with a fixed lease.
	 * @param leaseTime the lease, or {@code null} for watchdog renewal
	 * @return new options
	 */
	public LockOptions withLeaseTime(Duration leaseTime) {
		return new LockOptions(this.waitTime, leaseTime, this.failurePolicy);
	}

	/**
	 * Options with another failure policy.
	 * @param failurePolicy the policy
	 * @return new options
	 */
	public LockOptions withFailurePolicy(LockFailurePolicy failurePolicy) {
		return new LockOptions(this.waitTime, this.leaseTime, failurePolicy);
	}

}
