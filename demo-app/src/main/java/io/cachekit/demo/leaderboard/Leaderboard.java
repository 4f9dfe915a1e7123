package io.cachekit.demo.leaderboard;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.redisson.api.RScoredSortedSet;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.client.protocol.ScoredEntry;

import org.springframework.stereotype.Service;

import io.cachekit.demo.web.NotFoundException;
import io.cachekit.resilience.CachekitResilience;
import io.cachekit.resilience.RedisDeadline;

/**
 * The leaderboard: one Redis sorted set of player id to total score. Adding points is a single
 * {@code ZINCRBY}, so concurrent updates never lose an increment. The sorted set is the leaderboard, not a
 * cache of it, so there is nothing to fail open to: every call waits at most the request's Redis budget (and
 * the {@code leaderboard} breaker's timeout) and, when Redis does not answer, the request gets a 503
 * ({@link LeaderboardUnavailableException}) at once, and at once too while the breaker is open.
 */
@Service
public class Leaderboard {

	/** The resilience instance of the leaderboard's Redis calls. */
	static final String RESILIENCE = "leaderboard";

	private final RScoredSortedSet<String> scores;

	private final CircuitBreaker breaker;

	private final Duration timeout;

	Leaderboard(RedissonClient redisson, LeaderboardProperties properties, CachekitResilience resilience) {
		this.scores = redisson.getScoredSortedSet(properties.getKey(), StringCodec.INSTANCE);
		this.breaker = resilience.breaker(RESILIENCE);
		this.timeout = resilience.policy(RESILIENCE).timeout();
	}

	/** Waits for one Redis call within the request's budget, under the breaker. */
	private <T> T redis(String what, CompletionStage<T> call) {
		if (!this.breaker.tryAcquirePermission()) {
			throw new LeaderboardUnavailableException(what, null);
		}
		long start = System.nanoTime();
		try {
			T result = RedisDeadline.await(call, this.timeout, what);
			this.breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
			return result;
		}
		catch (RuntimeException ex) {
			this.breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, ex);
			throw new LeaderboardUnavailableException(what, ex);
		}
	}

	/**
	 * Adds points to a player's total atomically.
	 * @param userId the player
	 * @param points the points to add
	 * @return the player's standing after the update
	 */
	public Standing addScore(String userId, double points) {
		Double total = redis("add a score in", this.scores.addScoreAsync(userId, points));
		Integer rank = redis("rank a player in", this.scores.revRankAsync(userId));
		return new Standing((rank != null) ? rank + 1 : 1, userId, total);
	}

	/**
	 * The best players, best first.
	 * @param limit how many
	 * @return up to {@code limit} standings
	 */
	public List<Standing> top(int limit) {
		return standings(redis("read the top of", this.scores.entryRangeReversedAsync(0, limit - 1)), 0);
	}

	/**
	 * A player's standing with two players above and two below.
	 * @param userId the player
	 * @return the neighbourhood
	 * @throws NotFoundException if the player has no score
	 */
	public Neighbourhood around(String userId) {
		int rank = rankOf(userId);
		int first = Math.max(0, rank - 2);
		List<Standing> window = standings(
				redis("read a neighbourhood in", this.scores.entryRangeReversedAsync(first, rank + 2)), first);
		List<Standing> above = new ArrayList<>();
		List<Standing> below = new ArrayList<>();
		Standing you = null;
		for (Standing standing : window) {
			if (standing.userId().equals(userId)) {
				you = standing;
			}
			else if (you == null) {
				above.add(standing);
			}
			else {
				below.add(standing);
			}
		}
		if (you == null) {
			throw new NotFoundException("Player", userId);
		}
		return new Neighbourhood(you, above, below);
	}

	/**
	 * Where a player stands relative to all others.
	 * @param userId the player
	 * @return the percentile
	 * @throws NotFoundException if the player has no score
	 */
	public Percentile percentile(String userId) {
		Double score = redis("read a score in", this.scores.getScoreAsync(userId));
		if (score == null) {
			throw new NotFoundException("Player", userId);
		}
		int rank = rankOf(userId);
		long players = redis("count the players in", this.scores.sizeAsync());
		long lower = redis("count the players below in",
				this.scores.countAsync(Double.NEGATIVE_INFINITY, true, score, false));
		double percentile = (players <= 1) ? 100.0 : Math.round(10_000.0 * lower / (players - 1)) / 100.0;
		return new Percentile(userId, score, rank + 1L, players, percentile);
	}

	private int rankOf(String userId) {
		Integer rank = redis("rank a player in", this.scores.revRankAsync(userId));
		if (rank == null) {
			throw new NotFoundException("Player", userId);
		}
		return rank;
	}

	private static List<Standing> standings(Collection<ScoredEntry<String>> entries, int firstRank) {
		List<Standing> standings = new ArrayList<>(entries.size());
		long rank = firstRank + 1L;
		for (ScoredEntry<String> entry : entries) {
			standings.add(new Standing(rank++, entry.getValue(), entry.getScore()));
		}
		return standings;
	}

}
