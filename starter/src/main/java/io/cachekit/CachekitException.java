package io.cachekit;

import java.util.Map;

/**
 * Base of the exceptions cachekit raises into application code. Each carries the HTTP status a web
 * layer should answer with and any response headers that belong to it (e.g. {@code Retry-After}), so
 * the starter's web support can render an {@code application/problem+json} response without knowing
 * every feature.
 */
public abstract class CachekitException extends RuntimeException {

	protected CachekitException(String message) {
		super(message);
	}

	protected CachekitException(String message, Throwable cause) {
		super(message, cause);
	}

	/**
	 * The HTTP status this failure maps to, e.g. 409 or 429.
	 * @return the status code
	 */
	public abstract int httpStatus();

	/**
	 * A short, human-readable summary of the problem type.
	 * @return the title
	 */
	public abstract String title();

	/**
	 * Response headers that describe this failure.
	 * @return the headers, empty by default
	 */
	public Map<String, String> httpHeaders() {
		return Map.of();
	}

}
