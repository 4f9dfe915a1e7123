package io.cachekit.demo.welcome;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Statistic;

import org.springframework.cache.CacheManager;

/**
 * What the welcome page shows of the caches and the rate limits, read from this application's meters: hits
 * and misses per cache ({@code cache.gets}) and the requests refused with 429 ({@code http.server.requests}).
 * Counts only, no keys and no settings: the page is public, the management endpoints are not.
 *
 * @param caches hits and misses of each cache, by name
 * @param rejections requests answered 429 since the start
 */
record CacheActivity(List<CacheCounts> caches, long rejections) {

	/**
	 * Reads the activity now.
	 * @param cacheManager the caches
	 * @param meters the meters
	 * @return the activity
	 */
	static CacheActivity of(CacheManager cacheManager, MeterRegistry meters) {
		Set<String> names = new TreeSet<>(cacheManager.getCacheNames());
		List<CacheCounts> caches = names.stream()
			.map((name) -> new CacheCounts(name, count(meters.find("cache.gets").tag("cache", name).tag("result", "hit").meters()),
					count(meters.find("cache.gets").tag("cache", name).tag("result", "miss").meters())))
			.toList();
		return new CacheActivity(caches, count(meters.find("http.server.requests").tag("status", "429").meters()));
	}

	private static long count(Iterable<Meter> meters) {
		double total = 0;
		for (Meter meter : meters) {
			for (Measurement measurement : meter.measure()) {
				if (measurement.getStatistic() == Statistic.COUNT) {
					total += measurement.getValue();
				}
			}
		}
		return (long) total;
	}

	/**
	 * Hits and misses of one cache.
	 *
	 * @param name the cache name
	 * @param hits reads answered from the cache
	 * @param misses reads that loaded
	 */
	record CacheCounts(String name, long hits, long misses) {
	}

}
