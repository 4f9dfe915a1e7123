package io.cachekit.cache.actuate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

import io.cachekit.cache.CacheOperations;
import io.cachekit.cache.CacheSpec;
import io.cachekit.cache.CachekitCache;
import io.cachekit.cache.CachekitCacheManager;
import io.cachekit.cache.RemainingTtl;
import io.cachekit.cache.consistency.ConsistencyMonitor;
import io.cachekit.cache.hot.HotKeys;
import io.cachekit.cache.stats.CacheStatistics;

/**
 * The {@code cachekit} actuator endpoint. {@code GET /actuator/cachekit} lists each cache's TTL, jitter
 * and statistics and the circuit breaker's state; {@code GET /actuator/cachekit/{cache}/{key}} answers an
 * entry's remaining TTL; {@code DELETE /actuator/cachekit/{cache}/{key}} evicts an entry,
 * {@code DELETE /actuator/cachekit/{cache}} a whole cache; {@code POST /actuator/cachekit} with
 * {@code {"tag": "product:42"}} evicts a tag.
 * <p>
 * Read-only by default: clearing a cache sends its whole read load to the database, so the write and delete
 * operations exist only where the application permits them, with
 * {@code management.endpoint.cachekit.access=unrestricted} (and, like every management endpoint, they belong
 * behind authentication).
 */
@Endpoint(id = "cachekit", defaultAccess = Access.READ_ONLY)
public class CachekitEndpoint {

	private final CachekitCacheManager cacheManager;

	private static final int TOP_KEYS_LISTED = 10;

	private final CacheOperations operations;

	private final ConsistencyMonitor consistency;

	/**
	 * Creates the endpoint.
	 * @param cacheManager the cache manager
	 * @param operations the cache operations
	 */
	public CachekitEndpoint(CachekitCacheManager cacheManager, CacheOperations operations) {
		this(cacheManager, operations, null);
	}

	/**
	 * Creates the endpoint, with what the consistency monitor measured.
	 * @param cacheManager the cache manager
	 * @param operations the cache operations
	 * @param consistency the consistency monitor, {@code null} when off
	 */
	public CachekitEndpoint(CachekitCacheManager cacheManager, CacheOperations operations,
			ConsistencyMonitor consistency) {
		this.cacheManager = cacheManager;
		this.operations = operations;
		this.consistency = consistency;
	}

	/**
	 * Describes every cache.
	 * @return the description
	 */
	@ReadOperation
	public Map<String, Object> caches() {
		Map<String, Object> caches = new LinkedHashMap<>();
		for (String name : this.cacheManager.getCacheNames()) {
			CachekitCache cache = this.cacheManager.getCachekitCache(name);
			if (cache != null) {
				caches.put(name, describe(cache));
			}
		}
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("circuitBreaker", this.cacheManager.getCircuitBreaker().getState().name());
		result.put("pendingEvictions", this.cacheManager.getRuntime().invalidator().pendingCount());
		if (this.cacheManager.getRuntime().bus() != null) {
			result.put("nearCacheBus", Map.of("healthy", this.cacheManager.getRuntime().bus().isHealthy(), "gaps",
					this.cacheManager.getRuntime().bus().gapCount(), "resyncs",
					this.cacheManager.getRuntime().bus().resyncCount()));
		}
		result.put("caches", caches);
		return result;
	}

	private Map<String, Object> describe(CachekitCache cache) {
		CacheSpec spec = cache.getSpec();
		CacheStatistics statistics = cache.getStatistics();
		Map<String, Object> description = new LinkedHashMap<>();
		description.put("ttl", spec.noExpiry() ? "none" : spec.ttl().toString());
		description.put("jitter", spec.jitter());
		description.put("cacheNulls", spec.cacheNulls());
		description.put("nullTtl", spec.nullTtl().toString());
		description.put("compressionThreshold", spec.compressionThreshold());
		description.put("singleFlight", spec.singleFlight());
		description.put("earlyRefreshBeta", spec.earlyRefreshBeta());
		description.put("staleTtl", (spec.staleTtl() != null) ? spec.staleTtl().toString() : "none");
		description.put("nearCache", spec.nearCacheEnabled()
				? Map.of("maximumSize", spec.nearCacheMaximumSize(), "ttl", spec.nearCacheTtl().toString(), "size",
						cache.getNearCache().size())
				: "off");
		description.put("hits", statistics.hits());
		description.put("misses", statistics.misses());
		description.put("hitRatio", statistics.hitRatio());
		description.put("puts", statistics.puts());
		description.put("evictions", statistics.evictions());
		description.put("errors", statistics.errors());
		description.put("unreadable", statistics.unreadable());
		description.put("nearHits", statistics.nearHits());
		description.put("leaseWaits", statistics.leaseWaits());
		description.put("leaseTimeouts", statistics.leaseTimeouts());
		description.put("staleSetsRejected", statistics.staleSetsRejected());
		description.put("staleServed", statistics.staleServed());
		description.put("refreshes", statistics.refreshes());
		description.put("refreshErrors", statistics.refreshErrors());
		description.put("hotKeys", hotKeys(cache));
		ConsistencyMonitor.Report report = (this.consistency != null) ? this.consistency.report(cache.getName()) : null;
		if (report != null) {
			description.put("consistency", consistency(report));
		}
		return description;
	}

	private static List<Map<String, Object>> hotKeys(CachekitCache cache) {
		List<Map<String, Object>> top = new ArrayList<>();
		for (HotKeys.HotKey hot : cache.getHotKeys().top(TOP_KEYS_LISTED)) {
			top.add(Map.of("key", cache.encodeKey(hot.key()), "reads", hot.reads()));
		}
		return top;
	}

	private static Map<String, Object> consistency(ConsistencyMonitor.Report report) {
		Map<String, Object> description = new LinkedHashMap<>();
		description.put("within", report.within().toString());
		description.put("checked", report.checked());
		description.put("consistent", report.consistent());
		description.put("inconsistent", report.inconsistent());
		description.put("unchecked", report.unchecked());
		description.put("dropped", report.dropped());
		description.put("ratio", Double.isNaN(report.ratio()) ? null : report.ratio());
		description.put("nines", Double.isNaN(report.nines()) ? null
				: (Double.isInfinite(report.nines()) ? "all" : report.nines()));
		return description;
	}

	/**
	 * The remaining TTL of an entry.
	 * @param cache the cache
	 * @param key the key, as a string
	 * @return the answer
	 */
	@ReadOperation
	public Map<String, Object> entry(@Selector String cache, @Selector String key) {
		RemainingTtl ttl = this.operations.remainingTtl(cache, key);
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("cache", cache);
		result.put("key", key);
		result.put("exists", ttl.exists());
		result.put("ttlMillis", (ttl.ttl() != null) ? ttl.ttl().toMillis() : null);
		result.put("persistent", ttl.persistent());
		return result;
	}

	/**
	 * Evicts an entry.
	 * @param cache the cache
	 * @param key the key, as a string
	 * @return whether it existed
	 */
	@DeleteOperation
	public Map<String, Object> evictKey(@Selector String cache, @Selector String key) {
		return Map.of("cache", cache, "key", key, "evicted", this.operations.evict(cache, key));
	}

	/**
	 * Evicts every entry of a cache.
	 * @param cache the cache
	 */
	@DeleteOperation
	public void clear(@Selector String cache) {
		this.operations.clear(cache);
	}

	/**
	 * Evicts every entry carrying a tag.
	 * @param tag the tag
	 */
	@WriteOperation
	public void evictTag(String tag) {
		this.operations.evictTag(tag);
	}

}
