package io.cachekit.demo.leaderboard;

import java.util.List;

/**
 * A player's standing with the players just above and below.
 *
 * @param you the player's own standing
 * @param above up to two players ranked just above, best first
 * @param below up to two players ranked just below, best first
 */
public record Neighbourhood(Standing you, List<Standing> above, List<Standing> below) {

}
