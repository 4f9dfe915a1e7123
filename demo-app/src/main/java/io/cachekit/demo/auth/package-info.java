/**
 * Sessions on Redis with Spring Session: login against configured demo users (hashed passwords), a new
 * session id at every login, a sliding idle timeout, and logout of every session of a user through the
 * principal-name index.
 */
package io.cachekit.demo.auth;
