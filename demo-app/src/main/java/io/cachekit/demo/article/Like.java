package io.cachekit.demo.article;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One user's like of an article; the id {@code slug/userId} makes a second like by the same user a no-op.
 *
 * @param id {@code slug/userId}
 * @param articleSlug the article
 * @param userId who liked it
 * @param createdAt when
 */
@Document("likes")
public record Like(@Id String id, @Indexed String articleSlug, String userId, Instant createdAt) {

	static String id(String slug, String userId) {
		return slug + "/" + userId;
	}

}
