package io.cachekit.demo.article;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * The body of {@code POST /api/articles/{slug}/likes}.
 *
 * @param userId who likes the article
 */
record LikeRequest(@NotNull @Pattern(regexp = "[A-Za-z0-9_-]{1,64}",
		message = "must be 1-64 letters, digits, dashes or underscores") String userId) {

}
