/**
 * Articles: invalidation of derived data. The cached article view joins the article, its author and its
 * comment and like counts; adding a comment or a like evicts it, so the next read shows fresh counts.
 */
package io.cachekit.demo.article;
