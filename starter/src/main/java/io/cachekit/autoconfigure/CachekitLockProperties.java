package io.cachekit.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of cachekit's distributed locks ({@code cachekit.lock.*}).
 */
@ConfigurationProperties("cachekit.lock")
public class CachekitLockProperties {

	/**
	 * Whether distributed locks ({@code @DistributedLock} and {@code LockTemplate}) are enabled.
	 */
	private boolean enabled = true;

	/**
	 * Prefix of every lock's key in Redis.
	 */
	private String keyPrefix = "cachekit:lock:";

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

	public String getKeyPrefix() {
		return this.keyPrefix;
	}

	public void setKeyPrefix(String keyPrefix) {
		this.keyPrefix = keyPrefix;
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

}
