package io.cachekit.demo.web;

import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Records, for the current HTTP request, whether a cache loader ran. A cached method's body only runs on a
 * cache miss, so a loader that calls {@link #recordLoad()} marks the request as a miss; a request that never
 * reaches a loader was answered from the cache. Outside a request (seeding, background refresh) it does
 * nothing.
 */
public final class CacheStatus {

	/** Response header that tells whether a response came from the cache. */
	public static final String HEADER = "X-Cache";

	private static final String ATTRIBUTE = CacheStatus.class.getName() + ".LOADED";

	private CacheStatus() {
	}

	/**
	 * Marks the current request as served by a loader, i.e. a cache miss.
	 */
	public static void recordLoad() {
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		if (attributes != null) {
			attributes.setAttribute(ATTRIBUTE, Boolean.TRUE, RequestAttributes.SCOPE_REQUEST);
		}
	}

	/**
	 * The header value for the current request: {@code MISS} when a loader ran, else {@code HIT}.
	 * @return {@code HIT} or {@code MISS}
	 */
	public static String current() {
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		boolean loaded = attributes != null
				&& Boolean.TRUE.equals(attributes.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST));
		return loaded ? "MISS" : "HIT";
	}

}
