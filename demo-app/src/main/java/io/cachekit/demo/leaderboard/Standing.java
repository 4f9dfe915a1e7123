package io.cachekit.demo.leaderboard;

/**
 * A player's place on the leaderboard.
 *
 * @param rank the 1-based rank, 1 being the highest score
 * @param userId the player
 * @param score the player's total score
 */
public record Standing(long rank, String userId, double score) {

}
