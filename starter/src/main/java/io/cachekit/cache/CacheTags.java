package io.cachekit.cache;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Tags attached to the values a method caches, beside Spring's {@code @Cacheable} or {@code @CachePut}.
 * Each element is a SpEL expression over the method's arguments ({@code #id}, {@code #p0},
 * {@code #root.args}) that yields a tag, or a collection or array of tags, e.g.
 * {@code @CacheTags("'product:' + #id")}. {@link CacheOperations#evictTag(String)} then invalidates
 * every entry carrying the tag, in any cache of the namespace, in O(1).
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface CacheTags {

	/**
	 * SpEL expressions yielding the tags.
	 * @return the expressions
	 */
	String[] value();

}
