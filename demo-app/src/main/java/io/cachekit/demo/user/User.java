package io.cachekit.demo.user;

import java.io.Serializable;
import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A user as stored in MongoDB (collection {@code users}, written by the write-behind worker) and as cached.
 *
 * @param id the user id
 * @param name the display name
 * @param email the e-mail address
 * @param version the write-behind version of this state; 0 for seeded users
 * @param updatedAt when this version was accepted
 */
@Document("users")
public record User(@Id String id, String name, String email, long version, Instant updatedAt)
		implements Serializable {

}
