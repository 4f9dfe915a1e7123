/**
 * Servlet web support: every {@link io.cachekit.CachekitException} rendered as
 * {@code application/problem+json}, and the rate-limit filter configured by
 * {@code cachekit.rate-limit.rules}, keyed by client IP (behind trusted proxies only),
 * user, header or SpEL.
 */
package io.cachekit.web;
