package io.cachekit.worker.store;

/**
 * What a batch write did.
 *
 * @param persisted documents inserted or replaced by a newer version
 * @param stale envelopes rejected because MongoDB already held the same or a newer version
 */
public record StoreResult(long persisted, long stale) {

	/**
	 * Adds two results.
	 * @param other the other result
	 * @return the sum
	 */
	public StoreResult plus(StoreResult other) {
		return new StoreResult(this.persisted + other.persisted, this.stale + other.stale);
	}

}
