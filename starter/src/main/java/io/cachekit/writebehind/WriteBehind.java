package io.cachekit.writebehind;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Saves what the annotated method returns write-behind, through {@link WriteBehindTemplate}: after the method
 * returns, the value is versioned, published to Kafka and, once acknowledged, pinned in the cache. The
 * method should validate or prepare the entity, not store it. If Kafka does not acknowledge, the call throws
 * {@link WriteBehindUnavailableException} (HTTP 503).
 * <pre class="code">
 * &#64;WriteBehind(cache = "user", key = "#user.id")
 * public User save(User user) {
 *     return user.validated();
 * }
 * </pre>
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface WriteBehind {

	/**
	 * The cache name, also the entity type and the MongoDB collection.
	 * @return the cache name
	 */
	String cache();

	/**
	 * SpEL expression for the entity id, over the method's parameters ({@code #user.id}, {@code #p0}) and
	 * {@code #result}.
	 * @return the key expression
	 */
	String key();

	/**
	 * SpEL expression for the value to save; by default what the method returned.
	 * @return the value expression
	 */
	String value() default "#result";

}
