package io.cachekit.autoconfigure;

import io.cachekit.cache.CachekitCacheManager;

/**
 * Callback to customize the {@link CachekitCacheManager.Builder} after the properties have been applied,
 * e.g. to set a JSON mapper with the application's Jackson modules or to add caches in code.
 */
@FunctionalInterface
public interface CachekitCacheManagerBuilderCustomizer {

	/**
	 * Customizes the builder.
	 * @param builder the builder
	 */
	void customize(CachekitCacheManager.Builder builder);

}
