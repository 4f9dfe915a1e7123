package io.cachekit.demo.auth;

import java.time.Instant;

/**
 * Who is logged in on this session.
 *
 * @param username the user name
 * @param displayName the display name
 * @param createdAt when the session was created
 * @param idleTimeoutSeconds seconds of inactivity after which the session ends; every request restarts
 * the count
 */
record SessionInfo(String username, String displayName, Instant createdAt, long idleTimeoutSeconds) {

}
