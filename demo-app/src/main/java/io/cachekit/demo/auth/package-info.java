/**
 * Login and access rules on Spring Security, sessions on Redis with Spring Session: JSON login against
 * configured demo users (hashed passwords, roles), a new session id and CSRF token at every login, a sliding
 * idle timeout, logout of every session of a user through the principal-name index, and management endpoints
 * for admins only.
 */
package io.cachekit.demo.auth;
