package io.cachekit.demo.user;

import org.springframework.data.mongodb.repository.MongoRepository;

/**
 * Users in MongoDB.
 */
public interface UserRepository extends MongoRepository<User, String> {

}
