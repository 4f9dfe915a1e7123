package io.cachekit.demo.leaderboard;

import io.cachekit.CachekitException;

/**
 * Thrown when the leaderboard cannot be read or changed because Redis did not answer within the request's
 * budget, or its circuit breaker is open. Rendered as 503 problem+json.
 */
class LeaderboardUnavailableException extends CachekitException {

	LeaderboardUnavailableException(String what, Throwable cause) {
		super("The leaderboard is unavailable: Redis did not answer in time to " + what
				+ " the leaderboard; try again shortly", cause);
	}

	@Override
	public int httpStatus() {
		return 503;
	}

	@Override
	public String title() {
		return "Leaderboard unavailable";
	}

}
