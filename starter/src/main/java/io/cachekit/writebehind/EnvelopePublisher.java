package io.cachekit.writebehind;

/**
 * Makes an envelope durable: returns only once the broker has acknowledged it.
 */
@FunctionalInterface
public interface EnvelopePublisher {

	/**
	 * Publishes an envelope and waits for the acknowledgement.
	 * @param envelope the update
	 * @throws WriteBehindUnavailableException if the update was not acknowledged in time
	 */
	void publish(WriteBehindEnvelope envelope);

}
