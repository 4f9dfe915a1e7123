package io.cachekit.ratelimit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Limits how often the annotated bean method runs, across every instance of the application. A
 * call over the limit throws {@link RateLimitExceededException} (HTTP 429 through cachekit's web
 * support) and the method does not run.
 * <p>
 * Example: {@code @RateLimited(key = "#customerId", limit = 100, window = "1m")}.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
public @interface RateLimited {

	/**
	 * Name of the limit, part of its Redis keys. Empty uses {@code ClassName.methodName}.
	 * @return the name
	 */
	String name() default "";

	/**
	 * SpEL expression for the client the limit applies to, e.g. {@code "#customerId"}. Empty
	 * applies one limit to all callers.
	 * @return the key expression
	 */
	String key() default "";

	/**
	 * Calls admitted per window.
	 * @return the limit
	 */
	long limit();

	/**
	 * The window, e.g. {@code "1s"}, {@code "1m"} or {@code "PT1H"}.
	 * @return the window
	 */
	String window();

	/**
	 * How calls are counted.
	 * @return the algorithm
	 */
	RateLimitAlgorithm algorithm() default RateLimitAlgorithm.TOKEN_BUCKET;

	/**
	 * What to do when Redis cannot be reached.
	 * @return the failure policy
	 */
	RateLimitFailurePolicy failurePolicy() default RateLimitFailurePolicy.FAIL_OPEN;

	/**
	 * Whether a fail-open limit asks an in-JVM limiter while Redis is down, instead of admitting
	 * every call.
	 * @return {@code true} to fall back to a local limiter
	 */
	boolean localFallback() default false;

}
