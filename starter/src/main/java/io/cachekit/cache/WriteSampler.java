package io.cachekit.cache;

/**
 * Told of writes to caches (puts and evictions), e.g. by the consistency monitor, which samples some of
 * them and checks them against the source of truth later. {@link #NONE} does nothing.
 */
@FunctionalInterface
public interface WriteSampler {

	/** Told nothing: the default, which costs a call the JIT removes. */
	WriteSampler NONE = (cache, key) -> {
	};

	/**
	 * A key of a cache was written or evicted.
	 * @param cache the cache
	 * @param key the user key
	 */
	void written(CachekitCache cache, Object key);

}
