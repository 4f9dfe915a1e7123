package io.cachekit.cache.access;

import java.time.Duration;
import java.util.function.Supplier;

import tools.jackson.databind.JavaType;

import io.cachekit.cache.CacheTags;
import io.cachekit.cache.CacheTtl;

/**
 * What one annotated method call adds to a cache operation: the declared type values are read as, the
 * {@link CacheTtl} TTL if any and the {@link CacheTags} tags (evaluated only when a value is written).
 *
 * @param type the declared value type, {@code null} to read untyped JSON (maps, lists, scalars)
 * @param ttl the TTL from {@link CacheTtl}, or {@code null} for the cache's
 * @param tags supplies the tags of a written value
 */
public record CacheInvocation(JavaType type, Duration ttl, Supplier<String[]> tags) {

	private static final String[] NO_TAGS = new String[0];

	/** Plain cache use through Spring's {@link org.springframework.cache.Cache} API. */
	public static final CacheInvocation UNTYPED = new CacheInvocation(null, null, () -> NO_TAGS);

	/**
	 * The tags, evaluated now.
	 * @return the tags
	 */
	public String[] evaluateTags() {
		String[] evaluated = this.tags.get();
		return (evaluated != null) ? evaluated : NO_TAGS;
	}

}
