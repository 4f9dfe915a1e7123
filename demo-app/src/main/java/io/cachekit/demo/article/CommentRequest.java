package io.cachekit.demo.article;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code POST /api/articles/{slug}/comments}.
 *
 * @param author who writes
 * @param text the comment
 */
record CommentRequest(@NotBlank @Size(max = 100) String author, @NotBlank @Size(max = 2000) String text) {

}
