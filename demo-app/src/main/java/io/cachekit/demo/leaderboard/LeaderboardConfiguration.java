package io.cachekit.demo.leaderboard;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/**
 * Binds the leaderboard settings.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LeaderboardProperties.class)
class LeaderboardConfiguration {

}
