package io.cachekit.cache;

import java.util.List;

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

	/**
	 * One sampler telling all of the given ones.
	 * @param samplers the samplers
	 * @return {@link #NONE} for none, the sampler itself for one
	 */
	static WriteSampler of(List<WriteSampler> samplers) {
		return switch (samplers.size()) {
			case 0 -> NONE;
			case 1 -> samplers.get(0);
			default -> {
				List<WriteSampler> all = List.copyOf(samplers);
				yield (cache, key) -> all.forEach((sampler) -> sampler.written(cache, key));
			}
		};
	}

}
