package io.cachekit.demo.article;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A comment on an article.
 *
 * @param id the comment id
 * @param articleSlug the article
 * @param author who wrote it
 * @param text the comment
 * @param createdAt when it was written
 */
@Document("comments")
public record Comment(@Id String id, @Indexed String articleSlug, String author, String text, Instant createdAt) {

}
