package io.cachekit.demo.user;

/**
 * Published after a user's state changed, so that data derived from it (an article's author name) can be
 * invalidated.
 *
 * @param userId the user
 */
public record UserChangedEvent(String userId) {

}
