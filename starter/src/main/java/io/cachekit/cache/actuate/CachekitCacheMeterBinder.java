package io.cachekit.cache.actuate;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.cache.CacheMeterBinder;

import io.cachekit.cache.CacheStatistics;
import io.cachekit.cache.CachekitCache;

/**
 * Micrometer meters of one cachekit cache, following Micrometer's cache conventions
 * ({@code cache.gets{result=hit|miss}}, {@code cache.puts}, {@code cache.evictions}) plus
 * {@code cache.load} (time spent in {@code sync} loads), {@code cachekit.cache.errors} (Redis calls that
 * failed or were refused) and {@code cachekit.cache.unreadable} (stored values treated as misses).
 */
public class CachekitCacheMeterBinder extends CacheMeterBinder<CachekitCache> {

	private final CacheStatistics statistics;

	/**
	 * Creates the binder.
	 * @param cache the cache
	 * @param tags extra tags
	 */
	public CachekitCacheMeterBinder(CachekitCache cache, Iterable<Tag> tags) {
		super(cache, cache.getName(), tags);
		this.statistics = cache.getStatistics();
	}

	@Override
	protected Long size() {
		return null;
	}

	@Override
	protected long hitCount() {
		return this.statistics.hits();
	}

	@Override
	protected Long missCount() {
		return this.statistics.misses();
	}

	@Override
	protected Long evictionCount() {
		return this.statistics.evictions();
	}

	@Override
	protected long putCount() {
		return this.statistics.puts();
	}

	@Override
	protected void bindImplementationSpecificMetrics(MeterRegistry registry) {
		FunctionTimer.builder("cache.load", this.statistics, CacheStatistics::loads, CacheStatistics::loadNanos,
				TimeUnit.NANOSECONDS)
			.tags(getTagsWithCacheName())
			.description("Time spent loading values on sync misses")
			.register(registry);
		FunctionCounter.builder("cachekit.cache.errors", this.statistics, CacheStatistics::errors)
			.tags(getTagsWithCacheName())
			.description("Redis calls of the cache that failed, timed out or were refused by the circuit breaker")
			.register(registry);
		FunctionCounter.builder("cachekit.cache.unreadable", this.statistics, CacheStatistics::unreadable)
			.tags(getTagsWithCacheName())
			.description("Stored values that could not be read and were treated as misses")
			.register(registry);
	}

}
