package io.cachekit.demo.article;

import java.util.List;

import org.springframework.data.mongodb.repository.MongoRepository;

/**
 * Articles in MongoDB.
 */
public interface ArticleRepository extends MongoRepository<Article, String> {

	/**
	 * The articles a user wrote.
	 * @param authorId the user
	 * @return the articles
	 */
	List<Article> findByAuthorId(String authorId);

}
