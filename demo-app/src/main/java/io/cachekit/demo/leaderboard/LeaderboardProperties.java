package io.cachekit.demo.leaderboard;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Leaderboard settings, under {@code demo.leaderboard}.
 */
@ConfigurationProperties("demo.leaderboard")
public class LeaderboardProperties {

	/**
	 * Redis key of the sorted set that holds the scores.
	 */
	private String key = "shop:leaderboard";

	public String getKey() {
		return this.key;
	}

	public void setKey(String key) {
		this.key = key;
	}

}
