package io.cachekit.demo.leaderboard;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/scores} and {@code /api/leaderboard}: a Redis sorted set as a live leaderboard.
 */
@RestController
@RequestMapping("/api")
class LeaderboardController {

	private static final String USER_ID = "[A-Za-z0-9_-]{1,64}";

	private static final String USER_ID_MESSAGE = "must be 1-64 letters, digits, dashes or underscores";

	private final Leaderboard leaderboard;

	LeaderboardController(Leaderboard leaderboard) {
		this.leaderboard = leaderboard;
	}

	@PostMapping("/scores")
	Standing addScore(@Valid @RequestBody ScoreRequest request) {
		return this.leaderboard.addScore(request.userId(), request.score());
	}

	@GetMapping("/leaderboard")
	List<Standing> top(@RequestParam(defaultValue = "10") @Min(1) @Max(100) int limit) {
		return this.leaderboard.top(limit);
	}

	@GetMapping("/leaderboard/me/{userId}")
	Neighbourhood around(@PathVariable @Pattern(regexp = USER_ID, message = USER_ID_MESSAGE) String userId) {
		return this.leaderboard.around(userId);
	}

	@GetMapping("/leaderboard/percentile/{userId}")
	Percentile percentile(@PathVariable @Pattern(regexp = USER_ID, message = USER_ID_MESSAGE) String userId) {
		return this.leaderboard.percentile(userId);
	}

}
