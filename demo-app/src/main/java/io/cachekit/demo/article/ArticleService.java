package io.cachekit.demo.article;

import java.time.Instant;

import io.cachekit.demo.user.User;
import io.cachekit.demo.user.UserRepository;
import io.cachekit.demo.web.CacheStatus;
import io.cachekit.demo.web.NotFoundException;

import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;

/**
 * Articles with derived data. The {@value #ARTICLES} cache holds a view computed from four collections; any
 * write that changes one of its inputs evicts it after MongoDB has the change.
 */
@Service
public class ArticleService {

	/** Cache of article views, keyed by slug. */
	public static final String ARTICLES = "articles";

	private final ArticleRepository articles;

	private final CommentRepository comments;

	private final LikeRepository likes;

	private final UserRepository users;

	ArticleService(ArticleRepository articles, CommentRepository comments, LikeRepository likes,
			UserRepository users) {
		this.articles = articles;
		this.comments = comments;
		this.likes = likes;
		this.users = users;
	}

	/**
	 * The article view, from the cache when present.
	 * @param slug the article
	 * @return the view
	 * @throws NotFoundException if there is no such article
	 */
	@Cacheable(cacheNames = ARTICLES, key = "#slug", sync = true)
	public ArticleView find(String slug) {
		CacheStatus.recordLoad();
		Article article = load(slug);
		String authorName = this.users.findById(article.authorId()).map(User::name).orElse("(deleted user)");
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

	private Article load(String slug) {
		return this.articles.findById(slug).orElseThrow(() -> new NotFoundException("Article", slug));
	}

}
