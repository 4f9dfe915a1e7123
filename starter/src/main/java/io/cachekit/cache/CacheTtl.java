package io.cachekit.cache;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The TTL of the values a method caches, beside Spring's {@code @Cacheable} or {@code @CachePut}. It wins
 * over {@code cachekit.cache.caches.<name>.ttl}, which wins over {@code cachekit.cache.default-ttl}; the
 * cache's jitter still applies. On a class it applies to every method without its own.
 * <p>
 * The value uses Spring Boot's duration syntax ({@code 30s}, {@code 5m}, {@code PT1H}, a bare number of
 * milliseconds). A value that is not a positive duration fails application startup.
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
public @interface CacheTtl {

	/**
	 * The TTL, e.g. {@code 30s}.
	 * @return the TTL
	 */
	String value();

}
