package io.cachekit.demo.web;

import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Records, for the current HTTP request, whether a cache loader ran. A cached method's body only runs on a
 * cache miss, so a loader that calls {@link #recordLoad()} marks the request as a miss; a request that never
 * reaches a loader was answered from the cache. Outside a request (seeding, background refresh) it does
 * nothing. A read that skips the cache on purpose calls {@link #recordBypass()} and reports {@code BYPASS}.
 */
public final class CacheStatus {

	/** Response header that tells whether a response came from the cache. */
	public static final String HEADER = "X-Cache";

	private static final String ATTRIBUTE = CacheStatus.class.getName() + ".STATUS";

	private CacheStatus() {
	}

	/**
	 * Marks the current request as served by a loader, i.e. a cache miss.
	 */
	public static void recordLoad() {
		record("MISS");
	}

	/**
	 * Marks the current request as answered without looking at the cache.
	 */
	public static void recordBypass() {
		record("BYPASS");
	}

	private static void record(String status) {
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		if (attributes != null && !"BYPASS".equals(attributes.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST))) {
			attributes.setAttribute(ATTRIBUTE, status, RequestAttributes.SCOPE_REQUEST);
		}
	}

	/**
	 * The header value for the current request: {@code BYPASS} when the cache was skipped, {@code MISS} when a
	 * loader ran, else {@code HIT}.
	 * @return {@code HIT}, {@code MISS} or {@code BYPASS}
	 */
	public static String current() {
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		Object status = (attributes != null) ? attributes.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST)
				: null;
		return (status != null) ? (String) status : "HIT";
	}

}
