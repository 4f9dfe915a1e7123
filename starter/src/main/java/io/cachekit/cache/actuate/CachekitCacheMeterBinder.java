package io.cachekit.cache.actuate;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.cache.CacheMeterBinder;

import io.cachekit.cache.CachekitCache;
import io.cachekit.cache.hot.HotKeys;
import io.cachekit.cache.stats.CacheStatistics;

/**
 * Micrometer meters of one cachekit cache, following Micrometer's cache conventions
 * ({@code cache.gets{result=hit|miss}}, {@code cache.puts}, {@code cache.evictions}) plus
 * {@code cache.load} (time spent in {@code sync} loads), {@code cachekit.cache.errors} (Redis calls that
 * failed or were refused) and {@code cachekit.cache.unreadable} (stored values treated as misses).
 */
public class CachekitCacheMeterBinder extends CacheMeterBinder<CachekitCache> {

	private final CacheStatistics statistics;

	private final HotKeys hotKeys;

	/**
	 * Creates the binder.
	 * @param cache the cache
	 * @param tags extra tags
	 */
	public CachekitCacheMeterBinder(CachekitCache cache, Iterable<Tag> tags) {
		super(cache, cache.getName(), tags);
		this.statistics = cache.getStatistics();
		this.hotKeys = cache.getHotKeys();
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
			.description("Time spent loading values through the cache (sync misses, background refreshes, warming)")
			.register(registry);
		counter(registry, "cachekit.cache.near.hits", CacheStatistics::nearHits,
				"Hits served by the in-process near cache, without I/O (included in cache.gets)");
		counter(registry, "cachekit.cache.lease.waits", CacheStatistics::leaseWaits,
				"Misses that waited for another caller's load of the same key instead of loading");
		counter(registry, "cachekit.cache.lease.timeouts", CacheStatistics::leaseTimeouts,
				"Waits for another caller's load that ran out of time; the caller loaded itself");
		counter(registry, "cachekit.cache.stale.sets.rejected", CacheStatistics::staleSetsRejected,
				"Loaded values not written because the entry was evicted or overwritten during the load");
		counter(registry, "cachekit.cache.stale.served", CacheStatistics::staleServed,
				"Expired values served while one caller refreshed them (stale-while-revalidate)");
		counter(registry, "cachekit.cache.refreshes", CacheStatistics::refreshes,
				"Background refreshes (early refresh, stale-while-revalidate) that stored a value");
		counter(registry, "cachekit.cache.refresh.errors", CacheStatistics::refreshErrors,
				"Background refreshes whose loader failed; the cached value kept being served");
		Gauge.builder("cachekit.cache.hot.keys", this.hotKeys, HotKeys::size)
			.tags(getTagsWithCacheName())
			.description("Keys this instance currently counts among the cache's most read (see /actuator/cachekit)")
			.register(registry);
		Gauge.builder("cachekit.cache.hot.top.reads", this.hotKeys,
				(hot) -> hot.top(1).stream().mapToLong(HotKeys.HotKey::reads).findFirst().orElse(0))
			.tags(getTagsWithCacheName())
			.description("Estimated recent reads of the cache's hottest key on this instance")
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

	private void counter(MeterRegistry registry, String name,
			java.util.function.ToDoubleFunction<CacheStatistics> count, String description) {
		FunctionCounter.builder(name, this.statistics, count)
			.tags(getTagsWithCacheName())
			.description(description)
			.register(registry);
	}

}
