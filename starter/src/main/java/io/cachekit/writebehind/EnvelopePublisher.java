package io.cachekit.writebehind;

import io.cachekit.writebehind.envelope.WriteBehindEnvelope;

/**
 * Makes an envelope durable: returns only once the broker has acknowledged it, with the version the
 * acknowledgement assigned to it.
 */
@FunctionalInterface
public interface EnvelopePublisher {

	/**
	 * Publishes an envelope and waits for the acknowledgement.
	 * @param envelope the update; its version is not set yet
	 * @return the version of the update, greater than that of every update of the key acknowledged before
	 * @throws WriteBehindUnavailableException if the update was not acknowledged in time
	 */
	long publish(WriteBehindEnvelope envelope);

}
