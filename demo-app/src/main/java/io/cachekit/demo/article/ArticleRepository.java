package io.cachekit.demo.article;

import org.springframework.data.mongodb.repository.MongoRepository;

/**
 * Articles in MongoDB.
 */
public interface ArticleRepository extends MongoRepository<Article, String> {

}
