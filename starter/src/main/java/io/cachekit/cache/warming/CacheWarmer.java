package io.cachekit.cache.warming;

/**
 * Fills one cache ahead of demand, e.g. with the top 100 products. Declare warmers as beans: cachekit runs
 * each at startup and then on a schedule, on one instance at a time (a Redis lock per cache). Entries that
 * are present and far from expiry are skipped; entries close to expiry are reloaded under the same
 * per-key lease as any other load, so warming never stampedes the database.
 */
public interface CacheWarmer {

	/**
	 * The name of the cache this warmer fills.
	 * @return the cache name
	 */
	String cacheName();

	/**
	 * Warms the cache: calls {@link CacheWarming#warm(Object, java.util.concurrent.Callable)} per entry.
	 * @param warming the handle to the cache
	 * @throws Exception if the warmer fails; the failure is logged and the next run tries again
	 */
	void warm(CacheWarming warming) throws Exception;

}
