package io.cachekit.cache;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Caches each element of a bulk method on its own: for a method that takes a collection of ids and returns
 * their values (a {@code Map} keyed by id, or a {@code List} in the order of the ids), every id is an entry of
 * the cache under the id itself, the key {@code @Cacheable} gives a single-id method of the same cache, so a
 * bulk call and single calls share hits. One multi-key read finds the cached ids; the method runs once, with
 * only the missing ids; each loaded value is written as its own entry with the TTL of the cache (or of
 * {@link CacheTtl} on the method) and its jitter; ids the method does not return are cached as absent where
 * the cache keeps nulls. Each missing id is loaded once across instances, as with {@code @Cacheable}.
 * <pre class="code">
 * &#064;CacheableEach("products")
 * public Map&lt;Long, Product&gt; findAll(Collection&lt;Long&gt; ids) { ... }
 *
 * &#064;Cacheable("products")
 * public Product find(long id) { ... }
 * </pre>
 * The method has exactly one {@code Collection} (or {@code List}, {@code Set}) parameter; it is called with a
 * collection of the same kind holding the missing ids. {@link CacheTags} is not supported on such methods.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface CacheableEach {

	/**
	 * The cache whose entries the elements are.
	 * @return the cache name
	 */
	String value();

}
