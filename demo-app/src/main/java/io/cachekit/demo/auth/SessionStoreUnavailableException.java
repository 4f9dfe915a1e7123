package io.cachekit.demo.auth;

import io.cachekit.CachekitException;

/**
 * Thrown when a session cannot be written or looked up because Redis does not answer within the session
 * deadline. Rendered as 503 problem+json; the client keeps its session cookie.
 */
class SessionStoreUnavailableException extends CachekitException {

	SessionStoreUnavailableException(String what, Throwable cause) {
		super("Sessions are unavailable: Redis did not answer in time to " + what
				+ "; try again shortly, your session is kept", cause);
	}

	@Override
	public int httpStatus() {
		return 503;
	}

	@Override
	public String title() {
		return "Session store unavailable";
	}

}
