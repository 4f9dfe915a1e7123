package io.cachekit.worker.store;

import io.cachekit.writebehind.envelope.WriteBehindEnvelope;

/**
 * Thrown when MongoDB refuses one envelope's document for a reason retrying cannot fix (e.g. a document too
 * large or an invalid field name). Every other envelope of the batch has been written.
 */
public class RejectedEnvelopeException extends RuntimeException {

	private final transient WriteBehindEnvelope envelope;

	/**
	 * Creates an exception.
	 * @param envelope the refused envelope
	 * @param message MongoDB's reason
	 */
	public RejectedEnvelopeException(WriteBehindEnvelope envelope, String message) {
		super("MongoDB refused " + envelope.type() + " '" + envelope.id() + "' v" + envelope.version() + ": "
				+ message);
		this.envelope = envelope;
	}

	/**
	 * The refused envelope.
	 * @return the envelope
	 */
	public WriteBehindEnvelope getEnvelope() {
		return this.envelope;
	}

}
