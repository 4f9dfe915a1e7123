package io.cachekit.demo;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /api/scores} and {@code /api/leaderboard} over HTTP against a real Redis sorted set. Each test uses
 * players of its own; rank assertions look at relative order only.
 */
class LeaderboardApiIntegrationTests extends EndToEndTestSupport {

	@Test
	void concurrentIncrementsAreAllCounted() throws Exception {
		String player = player("busy");
		ExecutorService executor = Executors.newFixedThreadPool(16);
		try {
			List<Future<Integer>> results = new ArrayList<>();
			for (int i = 0; i < 100; i++) {
				Callable<Integer> post = () -> this.api
					.post("/api/scores", "{\"userId\":\"" + player + "\",\"score\":1.5}")
					.statusCode();
				results.add(executor.submit(post));
			}
			for (Future<Integer> result : results) {
				assertThat(result.get()).isEqualTo(200);
			}
		}
		finally {
			executor.shutdown();
		}
		JsonNode percentile = ApiClient.json(this.api.get("/api/leaderboard/percentile/" + player));
		assertThat(percentile.get("score").asDouble()).isEqualTo(150.0);
	}

	@Test
	void topListsBestFirst() {
		score(player("top-a"), 1_000_000_000);
		score(player("top-b"), 999_999_999);
		JsonNode top = ApiClient.json(this.api.get("/api/leaderboard?limit=2"));
		assertThat(top).hasSize(2);
		assertThat(top.get(0).get("userId").asString()).isEqualTo(player("top-a"));
		assertThat(top.get(0).get("rank").asInt()).isEqualTo(1);
		assertThat(top.get(1).get("userId").asString()).isEqualTo(player("top-b"));
	}

	@Test
	void meShowsTwoAboveAndTwoBelow() {
		for (int i = 1; i <= 5; i++) {
			score(player("near-" + i), 500_000 + i);
		}
		JsonNode me = ApiClient.json(this.api.get("/api/leaderboard/me/" + player("near-3")));
		assertThat(me.get("you").get("userId").asString()).isEqualTo(player("near-3"));
		assertThat(me.get("above")).extracting((node) -> node.get("userId").asString())
			.containsExactly(player("near-5"), player("near-4"));
		assertThat(me.get("below")).extracting((node) -> node.get("userId").asString())
			.containsExactly(player("near-2"), player("near-1"));
		assertThat(me.get("above").get(1).get("rank").asLong() + 1).isEqualTo(me.get("you").get("rank").asLong());
	}

	@Test
	void percentileOfTheOnlyZeroScoreIs0() {
		String last = player("last");
		score(player("not-last"), 10);
		score(last, 0);
		JsonNode percentile = ApiClient.json(this.api.get("/api/leaderboard/percentile/" + last));
		assertThat(percentile.get("percentile").asDouble()).isEqualTo(0.0);
		assertThat(percentile.get("rank").asLong()).isEqualTo(percentile.get("players").asLong());
	}

	@Test
	void percentileOfTheThirdBestOfTenIsTheShareOfTheOtherPlayersWithALowerScore() {
		// Ten players of this test, with distinct scores in a band no other test uses. The board is shared with
		// the other tests of this class, so the expected share is counted from the whole board (alone, it would be
		// 7 of the 9 others: 77.78).
		for (int i = 1; i <= 10; i++) {
			score(player("pct-" + i), 4_000_000 + i);
		}
		String thirdBest = player("pct-8");
		JsonNode everyone = ApiClient.json(this.api.get("/api/leaderboard?limit=100"));
		assertThat(everyone.size()).as("the whole leaderboard fits in one page").isLessThan(100);
		long lower = 0;
		long higher = 0;
		for (JsonNode standing : everyone) {
			double score = standing.get("score").asDouble();
			lower += (score < 4_000_008) ? 1 : 0;
			higher += (score > 4_000_008) ? 1 : 0;
		}
		assertThat(lower).isGreaterThanOrEqualTo(7);
		assertThat(higher).isGreaterThanOrEqualTo(2);

		JsonNode percentile = ApiClient.json(this.api.get("/api/leaderboard/percentile/" + thirdBest));
		assertThat(percentile.get("userId").asString()).isEqualTo(thirdBest);
		assertThat(percentile.get("score").asDouble()).isEqualTo(4_000_008.0);
		assertThat(percentile.get("players").asLong()).isEqualTo(everyone.size());
		assertThat(percentile.get("rank").asLong()).isEqualTo(higher + 1);
		// docs/demo.md: the share of the other players with a lower score, in percent, two decimals.
		double expected = BigDecimal.valueOf(100.0 * lower / (everyone.size() - 1))
			.setScale(2, RoundingMode.HALF_UP)
			.doubleValue();
		assertThat(percentile.get("percentile").asDouble()).isEqualTo(expected).isStrictlyBetween(0.0, 100.0);
	}

	@Test
	void negativeScoreIs400() {
		HttpResponse<String> response = this.api.post("/api/scores",
				"{\"userId\":\"" + player("neg") + "\",\"score\":-1}");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(ApiClient.json(response).get("detail").asString()).contains("must be a finite number");
	}

	@Test
	void infiniteScoreIs400() {
		HttpResponse<String> response = this.api.post("/api/scores",
				"{\"userId\":\"" + player("inf") + "\",\"score\":1e400}");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(ApiClient.json(response).get("detail").asString()).contains("must be a finite number");
	}

	@Test
	void unknownPlayerIs404() {
		HttpResponse<String> response = this.api.get("/api/leaderboard/me/" + player("ghost"));
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
	}

	@Test
	void invalidPlayerIdIs400() {
		HttpResponse<String> response = this.api.post("/api/scores", "{\"userId\":\"no spaces!\",\"score\":1}");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(ApiClient.json(response).get("detail").asString()).contains("userId");
	}

	private void score(String userId, double score) {
		HttpResponse<String> response = this.api.post("/api/scores",
				"{\"userId\":\"" + userId + "\",\"score\":" + score + "}");
		assertThat(response.statusCode()).isEqualTo(200);
	}

	private static String player(String name) {
		return "lb-" + name;
	}

}
