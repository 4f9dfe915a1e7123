package io.cachekit.demo.leaderboard;

/**
 * Where a player stands relative to everyone else.
 *
 * @param userId the player
 * @param score the player's total score
 * @param rank the 1-based rank
 * @param players players on the leaderboard
 * @param percentile share of the other players with a lower score, from 0 to 100 (100 when alone)
 */
public record Percentile(String userId, double score, long rank, long players, double percentile) {

}
