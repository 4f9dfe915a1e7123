package io.cachekit.cache;

import io.cachekit.CachekitException;

/**
 * Thrown by {@link CacheOperations} when an operation that must answer (TTL, pattern eviction) cannot
 * reach Redis, or names an unknown cache. Maps to HTTP 503 or 404.
 */
public class CacheOperationException extends CachekitException {

	private final int status;

	/**
	 * Creates the exception.
	 * @param message what failed
	 * @param status the HTTP status
	 * @param cause the cause, or {@code null}
	 */
	public CacheOperationException(String message, int status, Throwable cause) {
		super(message, cause);
		this.status = status;
	}

	@Override
	public int httpStatus() {
		return this.status;
	}

	@Override
	public String title() {
		return (this.status == 404) ? "Unknown cache" : "Cache unavailable";
	}

}
