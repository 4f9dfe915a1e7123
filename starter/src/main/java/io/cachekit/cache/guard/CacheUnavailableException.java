package io.cachekit.cache.guard;

/**
 * Signals inside cachekit that Redis could not be used for a cache call (failure, timeout or open circuit
 * breaker). Caches catch it and fail open; it never reaches application code.
 */
public class CacheUnavailableException extends RuntimeException {

	/** A call refused without asking Redis (open breaker, spent budget, or an answer that is being awaited). */
	public static final CacheUnavailableException REFUSED = new CacheUnavailableException("Circuit breaker is open");

	CacheUnavailableException(String message) {
		super(message, null, false, false);
	}

	CacheUnavailableException(Throwable cause) {
		super("Redis call failed: " + cause, cause, false, false);
	}

}
