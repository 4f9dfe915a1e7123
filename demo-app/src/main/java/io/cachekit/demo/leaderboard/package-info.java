/**
 * Leaderboard on a Redis sorted set through Redisson: atomic score increments, top N, a player's
 * neighbourhood and percentile, all answered by Redis without a database round trip.
 */
package io.cachekit.demo.leaderboard;
