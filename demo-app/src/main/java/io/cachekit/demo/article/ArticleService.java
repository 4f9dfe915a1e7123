package io.cachekit.demo.article;

import java.time.Instant;

import io.cachekit.cache.CacheOperations;
import io.cachekit.cache.CacheTtl;
import io.cachekit.demo.user.UserChangedEvent;
import io.cachekit.demo.user.UserService;
import io.cachekit.demo.web.CacheStatus;
import io.cachekit.demo.web.NotFoundException;

import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;

/**
 * Articles with derived data. The {@value #ARTICLES} cache holds a view computed from the article, its
 * author, its comments and its likes; any write that changes one of these inputs evicts the views it feeds
 * once the change is stored: a comment or a like evicts its article, a user update evicts every article of
 * that author.
 */
@Service
public class ArticleService {

	/** Cache of article views, keyed by slug. */
	public static final String ARTICLES = "articles";

	private final ArticleRepository articles;

	private final CommentRepository comments;

	private final LikeRepository likes;

	private final UserService users;

	private final CacheOperations cacheOperations;

	private final ArticleAuthors authors;

	ArticleService(ArticleRepository articles, CommentRepository comments, LikeRepository likes, UserService users,
			CacheOperations cacheOperations, ArticleAuthors authors) {
		this.authors = authors;
		this.articles = articles;
		this.comments = comments;
		this.likes = likes;
		this.users = users;
		this.cacheOperations = cacheOperations;
	}

	/**
	 * The article view, from the cache when present.
	 * @param slug the article
	 * @return the view
	 * @throws NotFoundException if there is no such article
	 */
	@Cacheable(cacheNames = ARTICLES, key = "#slug", sync = true)
	@CacheTtl("5m")
	public ArticleView find(String slug) {
		CacheStatus.recordLoad();
		Article article = load(slug);
		String authorName = authorName(article.authorId());
		return new ArticleView(article.slug(), article.title(), article.body(),
				new ArticleView.Author(article.authorId(), authorName), this.comments.countByArticleSlug(slug),
				this.likes.countByArticleSlug(slug), article.publishedAt());
	}

	/**
	 * Adds a comment, then evicts the article's view.
	 * @param slug the article
	 * @param request the comment
	 * @return the stored comment
	 */
	@CacheEvict(cacheNames = ARTICLES, key = "#slug")
	public Comment comment(String slug, CommentRequest request) {
		load(slug);
		return this.comments.insert(new Comment(null, slug, request.author().strip(), request.text(), Instant.now()));
	}

	/**
	 * Adds a user's like once, then evicts the article's view.
	 * @param slug the article
	 * @param userId who likes it
	 * @return whether the like was new
	 */
	@CacheEvict(cacheNames = ARTICLES, key = "#slug")
	public LikeResult like(String slug, String userId) {
		load(slug);
		try {
			this.likes.insert(new Like(Like.id(slug, userId), slug, userId, Instant.now()));
			return new LikeResult(slug, userId, true);
		}
		catch (DuplicateKeyException ex) {
			return new LikeResult(slug, userId, false);
		}
	}

	/**
	 * One page of an article's comments, newest first (not cached).
	 * @param slug the article
	 * @param page the zero-based page
	 * @param size the page size
	 * @return the page
	 */
	public Page<Comment> comments(String slug, int page, int size) {
		load(slug);
		return this.comments.findByArticleSlug(slug, PageRequest.of(page, size, Sort.by(Sort.Direction.DESC, "createdAt")));
	}

	/**
	 * Evicts the views of every article of a user whose state changed (the author name is part of them). The
	 * author's articles come from a cache ({@link ArticleAuthors}), not from MongoDB, so a write-behind user
	 * update stays free of database round trips.
	 * @param event the change
	 */
	@EventListener
	public void userChanged(UserChangedEvent event) {
		for (String slug : this.authors.slugsOf(event.userId())) {
			this.cacheOperations.evict(ARTICLES, slug);
		}
	}

	private String authorName(String userId) {
		try {
			return this.users.find(userId).name();
		}
		catch (NotFoundException ex) {
			return "(deleted user)";
		}
	}

	private Article load(String slug) {
		return this.articles.findById(slug).orElseThrow(() -> new NotFoundException("Article", slug));
	}

}
