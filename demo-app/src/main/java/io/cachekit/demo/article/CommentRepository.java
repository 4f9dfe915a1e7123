package io.cachekit.demo.article;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.mongodb.repository.MongoRepository;

/**
 * Comments in MongoDB.
 */
public interface CommentRepository extends MongoRepository<Comment, String> {

	/**
	 * Comments of an article.
	 * @param articleSlug the article
	 * @return how many
	 */
	long countByArticleSlug(String articleSlug);

	/**
	 * One page of an article's comments.
	 * @param articleSlug the article
	 * @param pageable the page
	 * @return the page
	 */
	Page<Comment> findByArticleSlug(String articleSlug, Pageable pageable);

}
