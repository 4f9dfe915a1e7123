package io.cachekit.demo.article;

import java.io.Serializable;
import java.time.Instant;

/**
 * The cached article: the article joined with its author and its comment and like counts.
 *
 * @param slug the article's URL name
 * @param title the title
 * @param body the text
 * @param author who wrote it
 * @param commentCount comments on it
 * @param likeCount likes of it
 * @param publishedAt when it was published
 */
public record ArticleView(String slug, String title, String body, Author author, long commentCount,
		long likeCount, Instant publishedAt) implements Serializable {

	/**
	 * The author of an article.
	 *
	 * @param id the user id
	 * @param name the user's name
	 */
	public record Author(String id, String name) implements Serializable {

	}

}
