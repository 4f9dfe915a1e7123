package io.cachekit.demo.article;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * An article as stored in MongoDB.
 *
 * @param slug the article's URL name
 * @param title the title
 * @param body the text
 * @param authorId the id of the user who wrote it
 * @param publishedAt when it was published
 */
@Document("articles")
public record Article(@Id String slug, String title, String body, String authorId, Instant publishedAt) {

}
