package io.cachekit.demo.article;

import org.springframework.data.mongodb.repository.MongoRepository;

/**
 * Likes in MongoDB.
 */
public interface LikeRepository extends MongoRepository<Like, String> {

	/**
	 * Likes of an article.
	 * @param articleSlug the article
	 * @return how many
	 */
	long countByArticleSlug(String articleSlug);

}
