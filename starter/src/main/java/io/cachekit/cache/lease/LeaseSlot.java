package io.cachekit.cache.lease;

import io.cachekit.cache.access.Lease;

/**
 * Carries the lease a non-{@code sync} lookup claimed to the write that completes it. Each annotated call has
 * its own slot, so a lease left behind by a method that threw, or whose result {@code unless} rejected, dies
 * with that call; its Redis lease expires after the lease time. Made for one call on one thread; safe (if
 * pointless) when shared.
 */
public final class LeaseSlot {

	private String encodedKey;

	private Lease lease;

	/**
	 * Holds a lease for the write of one key.
	 * @param encodedKey the encoded key
	 * @param lease the lease
	 */
	public synchronized void hold(String encodedKey, Lease lease) {
		this.encodedKey = encodedKey;
		this.lease = lease;
	}

	/**
	 * Takes the lease held for a key.
	 * @param encodedKey the encoded key being written
	 * @return the lease, or {@code null} if none is held for that key
	 */
	public synchronized Lease take(String encodedKey) {
		if (this.lease == null || !encodedKey.equals(this.encodedKey)) {
			return null;
		}
		Lease taken = this.lease;
		this.lease = null;
		this.encodedKey = null;
		return taken;
	}

}
