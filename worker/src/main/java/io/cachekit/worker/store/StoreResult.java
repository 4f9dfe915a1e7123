package io.cachekit.worker.store;

import java.util.ArrayList;
import java.util.List;

import io.cachekit.writebehind.envelope.WriteBehindEnvelope;

/**
 * What a batch write did.
 *
 * @param persisted documents inserted or replaced by a newer version
 * @param stale envelopes not written because MongoDB already held the same or a newer version
 * @param superseded the stale envelopes whose version is strictly older than the stored one, with it: updates
 * that were acknowledged but reached the worker after a newer update of their key
 */
public record StoreResult(long persisted, long stale, List<Superseded> superseded) {

	/**
	 * A result without superseded envelopes.
	 * @param persisted documents inserted or replaced
	 * @param stale envelopes not written
	 */
	public StoreResult(long persisted, long stale) {
		this(persisted, stale, List.of());
	}

	/**
	 * Adds two results.
	 * @param other the other result
	 * @return the sum
	 */
	public StoreResult plus(StoreResult other) {
		List<Superseded> all = this.superseded;
		if (!other.superseded.isEmpty()) {
			all = new ArrayList<>(this.superseded);
			all.addAll(other.superseded);
		}
		return new StoreResult(this.persisted + other.persisted, this.stale + other.stale, all);
	}

	/**
	 * An envelope that MongoDB refused because it already held a newer version of the key.
	 *
	 * @param envelope the refused envelope
	 * @param storedVersion the version MongoDB holds
	 */
	public record Superseded(WriteBehindEnvelope envelope, long storedVersion) {

	}

}
