package io.cachekit.cache.lease;

import org.springframework.cache.Cache.ValueWrapper;

import io.cachekit.cache.access.Lease;

/**
 * Spring's non-{@code sync} path: the lookup answers a miss and the caller's method loads; the lease goes
 * into the call's {@link LeaseSlot} for the put that follows.
 */
public final class CallerLoads implements LoadStrategy<ValueWrapper> {

	private final LeaseSlot slot;

	private final String encodedKey;

	/**
	 * Creates the strategy of one lookup.
	 * @param slot the call's slot
	 * @param encodedKey the encoded key
	 */
	public CallerLoads(LeaseSlot slot, String encodedKey) {
		this.slot = slot;
		this.encodedKey = encodedKey;
	}

	@Override
	public ValueWrapper found(ValueWrapper value) {
		return value;
	}

	@Override
	public ValueWrapper leased(Lease lease) {
		this.slot.hold(this.encodedKey, lease);
		return null;
	}

	@Override
	public ValueWrapper withoutLease(Lease lease) {
		this.slot.hold(this.encodedKey, lease);
		return null;
	}

}
