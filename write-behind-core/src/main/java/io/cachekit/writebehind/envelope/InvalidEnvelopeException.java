package io.cachekit.writebehind.envelope;

/**
 * Thrown when a write-behind record cannot be read or fails validation. Retrying cannot help: a worker
 * sends such a record to the dead-letter topic.
 */
public class InvalidEnvelopeException extends RuntimeException {

	/**
	 * Creates an exception with a message saying what is wrong.
	 * @param message the problem
	 */
	public InvalidEnvelopeException(String message) {
		super(message);
	}

	/**
	 * Creates an exception with a message and the underlying parse failure.
	 * @param message the problem
	 * @param cause the parse failure
	 */
	public InvalidEnvelopeException(String message, Throwable cause) {
		super(message, cause);
	}

}
