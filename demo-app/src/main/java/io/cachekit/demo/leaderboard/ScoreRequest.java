package io.cachekit.demo.leaderboard;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * The body of {@code POST /api/scores}: points to add to a player's total.
 *
 * @param userId the player, 1-64 letters, digits, dashes or underscores
 * @param score the points to add: finite, not negative, at most {@value #MAX_SCORE}
 */
record ScoreRequest(
		@NotNull @Pattern(regexp = "[A-Za-z0-9_-]{1,64}",
				message = "must be 1-64 letters, digits, dashes or underscores") String userId,
		@NotNull Double score) {

	static final double MAX_SCORE = 1_000_000_000d;

	@AssertTrue(message = "must be a finite number between 0 and 1e9")
	boolean isScoreInRange() {
		return this.score == null || (Double.isFinite(this.score) && this.score >= 0 && this.score <= MAX_SCORE);
	}

}
