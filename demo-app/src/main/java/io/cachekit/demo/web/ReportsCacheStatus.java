package io.cachekit.demo.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a handler method whose successful responses carry the {@value CacheStatus#HEADER} header, telling
 * whether a cached service answered it from the cache ({@code HIT}) or ran its loader ({@code MISS}).
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ReportsCacheStatus {

}
