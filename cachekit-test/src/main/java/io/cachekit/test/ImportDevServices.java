package io.cachekit.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Import;

/**
 * Registers {@code ConnectionDetails} beans for the chosen {@link DevService dev services}, so Spring
 * Boot's auto-configuration (and Redisson's) connect to the servers of {@link DevServices#shared()}.
 * Put it on a test class or on a {@code @Configuration} class.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Import(DevServicesImportSelector.class)
public @interface ImportDevServices {

	/**
	 * The services to provide.
	 * @return the services
	 */
	DevService[] value() default { DevService.REDIS, DevService.KAFKA, DevService.MONGODB };

}
