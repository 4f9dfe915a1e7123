package io.cachekit.demo.welcome;

import java.util.List;

import org.springframework.cache.CacheManager;

import io.cachekit.cache.CachekitCache;
import io.cachekit.cache.CachekitCacheManager;
import io.cachekit.cache.consistency.ConsistencyMonitor;
import io.cachekit.cache.hot.HotKeys;

/**
 * What the welcome page shows of one cache beyond its hit ratio: its hottest keys on this instance (product
 * ids, which the catalogue publishes anyway) and what cachekit's consistency monitor measured.
 *
 * @param cache the cache
 * @param hotKeys its most read keys, most read first
 * @param consistency the monitor's figures, {@code null} when the monitor is off
 */
record CacheInsight(String cache, List<HotKey> hotKeys, Consistency consistency) {

	private static final int HOT_KEYS_SHOWN = 5;

	/**
	 * Reads the insight now.
	 * @param cacheManager the caches
	 * @param monitor the consistency monitor, {@code null} when off
	 * @param name the cache
	 * @return the insight, {@code null} if the cache is not a cachekit cache
	 */
	static CacheInsight of(CacheManager cacheManager, ConsistencyMonitor monitor, String name) {
		CachekitCache cache = (cacheManager instanceof CachekitCacheManager cachekit) ? cachekit.getCachekitCache(name)
				: null;
		if (cache == null) {
			return null;
		}
		List<HotKey> hotKeys = cache.getHotKeys()
			.top(HOT_KEYS_SHOWN)
			.stream()
			.map((hot) -> new HotKey(cache.encodeKey(hot.key()), hot.reads()))
			.toList();
		ConsistencyMonitor.Report report = (monitor != null) ? monitor.report(name) : null;
		Consistency consistency = (report != null) ? new Consistency(report.checked(), report.inconsistent(),
				Double.isNaN(report.ratio()) ? null : report.ratio(), report.within().toMillis()) : null;
		return new CacheInsight(name, hotKeys, consistency);
	}

	/**
	 * A hot key.
	 *
	 * @param key the key
	 * @param reads its estimated recent reads on this instance
	 */
	record HotKey(String key, long reads) {
	}

	/**
	 * The consistency monitor's figures.
	 *
	 * @param checked sampled writes checked
	 * @param inconsistent those whose cached version differed from the database's
	 * @param ratio the share that agreed, {@code null} before any check
	 * @param withinMillis the delay after which cache and database must agree
	 */
	record Consistency(long checked, long inconsistent, Double ratio, long withinMillis) {
	}

}
