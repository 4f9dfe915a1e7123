package io.cachekit.demo.article;

/**
 * The outcome of a like.
 *
 * @param slug the article
 * @param userId who liked it
 * @param added whether this request added the like ({@code false} if the user had already liked it)
 */
record LikeResult(String slug, String userId, boolean added) {

}
