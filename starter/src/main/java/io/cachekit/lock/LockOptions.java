package io.cachekit.lock;

import java.time.Duration;

import org.springframework.util.Assert;

/**
 * How to take one lock: the wait time, the lease time ({@code null} for watchdog renewal), what to do
 * when the lock is not acquired, and the lock's name in meters and traces. Immutable; use the
 * {@code with*} methods to derive.
 *
 * @param waitTime how long to wait for the lock, zero to try once
 * @param leaseTime how long the lock is held at most, or {@code null} to renew while held
 * @param failurePolicy what to do when the lock is not acquired
 * @param name the lock's name in meters and traces (the {@code lock} tag), or {@code null} to use the key up
 * to its first {@code ':'} ({@value #UNNAMED} for a key without one); keep it low in cardinality, never an id
 */
public record LockOptions(Duration waitTime, Duration leaseTime, LockFailurePolicy failurePolicy, String name) {

	/** The name of locks that have none and whose key has no {@code ':'}. */
	public static final String UNNAMED = "unnamed";

	/** Try once, renew while held, throw when not acquired. */
	public static final LockOptions DEFAULT = new LockOptions(Duration.ZERO, null, LockFailurePolicy.THROW);

	/**
	 * Checks the options.
	 * @param waitTime how long to wait
	 * @param leaseTime the lease or {@code null}
	 * @param failurePolicy the policy
	 * @param name the name in meters and traces, or {@code null}
	 */
	public LockOptions {
		Assert.notNull(waitTime, "Wait time must not be null");
		Assert.isTrue(!waitTime.isNegative(), "Wait time must not be negative");
		Assert.isTrue(leaseTime == null || (!leaseTime.isNegative() && !leaseTime.isZero()),
				"Lease time must be positive");
		Assert.notNull(failurePolicy, "Failure policy must not be null");
		Assert.isTrue(name == null || !name.isBlank(), "Name must not be blank");
	}

	/**
	 * Options without a name: meters and traces name the lock after its key up to the first {@code ':'}.
	 * @param waitTime how long to wait
	 * @param leaseTime the lease or {@code null}
	 * @param failurePolicy the policy
	 */
	public LockOptions(Duration waitTime, Duration leaseTime, LockFailurePolicy failurePolicy) {
		this(waitTime, leaseTime, failurePolicy, null);
	}

	/**
	 * Options with another wait time.
	 * @param waitTime how long to wait for the lock
	 * @return new options
	 */
	public LockOptions withWaitTime(Duration waitTime) {
		return new LockOptions(waitTime, this.leaseTime, this.failurePolicy, this.name);
	}

	/**
	 * Options with a fixed lease.
	 * @param leaseTime the lease, or {@code null} for watchdog renewal
	 * @return new options
	 */
	public LockOptions withLeaseTime(Duration leaseTime) {
		return new LockOptions(this.waitTime, leaseTime, this.failurePolicy, this.name);
	}

	/**
	 * Options with another failure policy.
	 * @param failurePolicy the policy
	 * @return new options
	 */
	public LockOptions withFailurePolicy(LockFailurePolicy failurePolicy) {
		return new LockOptions(this.waitTime, this.leaseTime, failurePolicy, this.name);
	}

	/**
	 * Options with a name for meters and traces.
	 * @param name a low-cardinality name, e.g. {@code order-payment}
	 * @return new options
	 */
	public LockOptions withName(String name) {
		return new LockOptions(this.waitTime, this.leaseTime, this.failurePolicy, name);
	}

	/**
	 * The lock's name in meters and traces for a key: {@link #name()} if set, otherwise the key up to its first
	 * {@code ':'} (so {@code order:42} is counted as {@code order}), or {@value #UNNAMED} if it has none.
	 * @param key the lock's key
	 * @return the name
	 */
	public String nameFor(String key) {
		if (this.name != null) {
			return this.name;
		}
		int colon = key.indexOf(':');
		// a key without ':' may be an id itself: never a tag of its own
		return (colon > 0) ? key.substring(0, colon) : UNNAMED;
	}

}
