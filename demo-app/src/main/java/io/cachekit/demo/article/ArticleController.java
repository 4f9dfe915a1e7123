package io.cachekit.demo.article;

import java.util.List;

import io.cachekit.demo.web.ReportsCacheStatus;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/articles}: a cached article view whose counts are fresh after every comment or like.
 */
@RestController
@RequestMapping("/api/articles/{slug}")
class ArticleController {

	private static final String SLUG = "[a-z0-9-]{1,100}";

	private static final String SLUG_MESSAGE = "must be 1-100 lowercase letters, digits or dashes";

	private final ArticleService articles;

	ArticleController(ArticleService articles) {
		this.articles = articles;
	}

	@GetMapping
	@ReportsCacheStatus
	ArticleView article(@PathVariable @Pattern(regexp = SLUG, message = SLUG_MESSAGE) String slug) {
		return this.articles.find(slug);
	}

	@PostMapping("/comments")
	ResponseEntity<Comment> comment(@PathVariable @Pattern(regexp = SLUG, message = SLUG_MESSAGE) String slug,
			@Valid @RequestBody CommentRequest request) {
		return ResponseEntity.status(HttpStatus.CREATED).body(this.articles.comment(slug, request));
	}

	@GetMapping("/comments")
	List<Comment> comments(@PathVariable @Pattern(regexp = SLUG, message = SLUG_MESSAGE) String slug,
			@RequestParam(defaultValue = "0") @Min(0) @Max(10_000) int page,
			@RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
		return this.articles.comments(slug, page, size).getContent();
	}

	@PostMapping("/likes")
	ResponseEntity<LikeResult> like(@PathVariable @Pattern(regexp = SLUG, message = SLUG_MESSAGE) String slug,
			@Valid @RequestBody LikeRequest request) {
		LikeResult result = this.articles.like(slug, request.userId());
		return ResponseEntity.status(result.added() ? HttpStatus.CREATED : HttpStatus.OK).body(result);
	}

}
