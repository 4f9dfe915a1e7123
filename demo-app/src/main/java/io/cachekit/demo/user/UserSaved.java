package io.cachekit.demo.user;

/**
 * The answer to {@code PUT /api/users/{id}}: the update is durable and visible through the cache; the worker
 * persists it to MongoDB.
 *
 * @param id the user id
 * @param version the version assigned to this update
 */
record UserSaved(String id, long version) {

}
