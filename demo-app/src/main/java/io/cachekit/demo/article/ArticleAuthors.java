package io.cachekit.demo.article;

import java.util.List;

import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Component;

import io.cachekit.cache.CacheTtl;

/**
 * Which articles each author wrote, cached ({@value #ARTICLE_AUTHORS}), so that evicting an author's article
 * views after a user update costs a cache read instead of a MongoDB query in the request: a write-behind save
 * then makes no database round trip at all. Articles are only seeded here and never change author; an
 * application that creates or reassigns articles evicts the author's entry when it does.
 */
@Component
class ArticleAuthors {

	/** Cache of article slugs by author id. */
	static final String ARTICLE_AUTHORS = "article-authors";

	private final ArticleRepository articles;

	ArticleAuthors(ArticleRepository articles) {
		this.articles = articles;
	}

	@Cacheable(cacheNames = ARTICLE_AUTHORS, key = "#authorId", sync = true)
	@CacheTtl("10m")
	public List<String> slugsOf(String authorId) {
		return this.articles.findByAuthorId(authorId).stream().map(Article::slug).toList();
	}

}
