package io.cachekit.lock;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the annotated bean method while holding a Redis lock shared by every instance of the
 * application. The lock is released in a {@code finally} block by its owner only. The method can
 * read the lock's fencing token with {@link LockContext#currentFencingToken()} and pass it to the
 * storage it writes, so that a holder whose lease ran out cannot overwrite a newer holder's work.
 * <p>
 * Example: {@code @DistributedLock(key = "'order:' + #orderId", waitTime = "2s")}.
 *
 * @see LockTemplate
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
public @interface DistributedLock {

	/**
	 * SpEL expression for the lock name, evaluated against the call: parameters by name
	 * ({@code #orderId}) or position ({@code #p0}).
	 * @return the key expression
	 */
	String key();

	/**
	 * The lock's name in meters and traces (the {@code lock} tag). Empty uses the class and method,
	 * e.g. {@code OrderService.pay}. Never an id: tags must stay few.
	 * @return the name
	 */
	String name() default "";

	/**
	 * How long to wait for the lock, e.g. {@code "2s"}. Empty uses
	 * {@code cachekit.lock.wait-time}.
	 * @return the wait time
	 */
	String waitTime() default "";

	/**
	 * How long the lock is held at most, e.g. {@code "30s"}. Empty lets Redisson's watchdog renew
	 * the lease while the method runs ({@code cachekit.lock.lease-time} if set).
	 * @return the lease time
	 */
	String leaseTime() default "";

	/**
	 * What to do when the lock is not acquired within the wait time.
	 * @return the policy
	 */
	LockFailurePolicy failurePolicy() default LockFailurePolicy.THROW;

}
