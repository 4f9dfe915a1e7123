package io.cachekit.demo.leaderboard;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.cachekit.demo.web.NotFoundException;
import org.redisson.api.RScoredSortedSet;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.client.protocol.ScoredEntry;

import org.springframework.stereotype.Service;

/**
 * The leaderboard: one Redis sorted set of player id to total score. Adding points is a single
 * {@code ZINCRBY}, so concurrent updates never lose an increment.
 */
@Service
public class Leaderboard {

	private final RScoredSortedSet<String> scores;

	Leaderboard(RedissonClient redisson, LeaderboardProperties properties) {
		this.scores = redisson.getScoredSortedSet(properties.getKey(), StringCodec.INSTANCE);
	}

	/**
	 * Adds points to a player's total atomically.
	 * @param userId the player
	 * @param points the points to add
	 * @return the player's standing after the update
	 */
	public Standing addScore(String userId, double points) {
		Double total = this.scores.addScore(userId, points);
		Integer rank = this.scores.revRank(userId);
		return new Standing((rank != null) ? rank + 1 : 1, userId, total);
	}

	/**
	 * The best players, best first.
	 * @param limit how many
	 * @return up to {@code limit} standings
	 */
	public List<Standing> top(int limit) {
		return standings(this.scores.entryRangeReversed(0, limit - 1), 0);
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
		List<Standing> window = standings(this.scores.entryRangeReversed(first, rank + 2), first);
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
		Double score = this.scores.getScore(userId);
		if (score == null) {
			throw new NotFoundException("Player", userId);
		}
		int rank = rankOf(userId);
		long players = this.scores.size();
		long lower = this.scores.count(Double.NEGATIVE_INFINITY, true, score, false);
		double percentile = (players <= 1) ? 100.0 : Math.round(10_000.0 * lower / (players - 1)) / 100.0;
		return new Percentile(userId, score, rank + 1L, players, percentile);
	}

	private int rankOf(String userId) {
		Integer rank = this.scores.revRank(userId);
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
