package io.cachekit.test;

/**
 * Thrown when a dev service cannot be resolved or started; the message names the setting to change.
 */
public class DevServiceException extends RuntimeException {

	public DevServiceException(String message) {
		super(message);
	}

	public DevServiceException(String message, Throwable cause) {
		super(message, cause);
	}

}
