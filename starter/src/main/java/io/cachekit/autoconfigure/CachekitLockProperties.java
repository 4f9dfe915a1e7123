package io.cachekit.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration of cachekit's distributed locks ({@code cachekit.lock.*}). Lock keys are
 * {@code <namespace>:~lock:<name>} ({@code cachekit.namespace}). Checked once bound: a bad value fails startup
 * naming the property.
 */
@ConfigurationProperties("cachekit.lock")
public class CachekitLockProperties implements Validator {

	/**
	 * Whether distributed locks ({@code @DistributedLock} and {@code LockTemplate}) are enabled.
	 */
	private boolean enabled = true;

	/**
	 * How long a caller waits for a lock when the call does not say.
	 */
	private Duration waitTime = Duration.ofSeconds(5);

	/**
	 * Longest time a lock is held when the call does not say. Unset lets the watchdog renew the
	 * lease while the holder runs.
	 */
	private Duration leaseTime;

	/**
	 * How often a watchdog-renewed lease is checked to still be held. Defaults to a third of
	 * Redisson's lock watchdog timeout.
	 */
	private Duration leaseCheckInterval;

	/**
	 * Whether to interrupt the holder's thread when its lease is lost.
	 */
	private boolean interruptOnLeaseLoss;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Duration getWaitTime() {
		return this.waitTime;
	}

	public void setWaitTime(Duration waitTime) {
		this.waitTime = waitTime;
	}

	public Duration getLeaseTime() {
		return this.leaseTime;
	}

	public void setLeaseTime(Duration leaseTime) {
		this.leaseTime = leaseTime;
	}

	public Duration getLeaseCheckInterval() {
		return this.leaseCheckInterval;
	}

	public void setLeaseCheckInterval(Duration leaseCheckInterval) {
		this.leaseCheckInterval = leaseCheckInterval;
	}

	public boolean isInterruptOnLeaseLoss() {
		return this.interruptOnLeaseLoss;
	}

	public void setInterruptOnLeaseLoss(boolean interruptOnLeaseLoss) {
		this.interruptOnLeaseLoss = interruptOnLeaseLoss;
	}

	@Override
	public boolean supports(Class<?> type) {
		return CachekitLockProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		PropertyRules rules = new PropertyRules(errors, "cachekit.lock.");
		rules.zeroOrPositive("wait-time", this.waitTime, "The wait time must be zero or positive, e.g. 5s.");
		if (this.leaseTime != null) {
			rules.require(this.leaseTime.toMillis() > 0, "lease-time", this.leaseTime,
					"The lease time must be at least 1ms; leave it unset for watchdog renewal.");
		}
		if (this.leaseCheckInterval != null) {
			rules.require(this.leaseCheckInterval.toMillis() > 0, "lease-check-interval", this.leaseCheckInterval,
					"The lease check interval must be at least 1ms.");
		}
	}

}
