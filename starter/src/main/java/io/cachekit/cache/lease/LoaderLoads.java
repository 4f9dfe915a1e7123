package io.cachekit.cache.lease;

import java.util.concurrent.Callable;

import org.springframework.cache.Cache.ValueWrapper;

import io.cachekit.cache.access.CacheInvocation;
import io.cachekit.cache.access.CacheObservations;
import io.cachekit.cache.access.EntryWriter;
import io.cachekit.cache.access.Lease;
import io.cachekit.cache.stats.CacheStatistics;

/**
 * The {@code sync} path ({@code @Cacheable(sync = true)}, {@code Cache.get(key, loader)}): the loop runs the
 * loader itself and writes the value with the lease, or releases the lease when the loader fails.
 */
public final class LoaderLoads implements LoadStrategy<Object> {

	private final Callable<?> loader;

	private final EntryWriter writer;

	private final String encodedKey;

	private final CacheInvocation invocation;

	private final CacheStatistics statistics;

	private final CacheObservations observations;

	/**
	 * Creates the strategy of one load.
	 * @param loader loads the value
	 * @param writer writes it
	 * @param encodedKey the encoded key
	 * @param invocation the call's type, TTL and tags
	 * @param statistics counts the load and its time
	 * @param observations observes the load
	 */
	public LoaderLoads(Callable<?> loader, EntryWriter writer, String encodedKey, CacheInvocation invocation,
			CacheStatistics statistics, CacheObservations observations) {
		this.loader = loader;
		this.writer = writer;
		this.encodedKey = encodedKey;
		this.invocation = invocation;
		this.statistics = statistics;
		this.observations = observations;
	}

	@Override
	public Object found(ValueWrapper value) {
		return value.get();
	}

	@Override
	public Object leased(Lease lease) throws Exception {
		Object value;
		try {
			value = load(this.loader, this.statistics, this.observations);
		}
		catch (Exception | Error ex) {
			if (lease.canWrite()) {
				this.writer.release(lease.storeKey(), lease.token());
			}
			throw ex;
		}
		this.writer.complete(lease, this.encodedKey, value, this.invocation);
		return value;
	}

	@Override
	public Object withoutLease(Lease lease) throws Exception {
		return load(this.loader, this.statistics, this.observations);
	}

	/**
	 * Runs a loader and counts it with its time, which early refreshes use as the expected load time. The load is
	 * observed as {@link CacheObservations#LOAD}.
	 * @param loader the loader
	 * @param statistics the cache's counters
	 * @param observations the cache's observations
	 * @return the value
	 * @throws Exception if the loader fails
	 */
	public static Object load(Callable<?> loader, CacheStatistics statistics, CacheObservations observations)
			throws Exception {
		long start = System.nanoTime();
		Object value = observations.load(loader);
		statistics.recordLoad(System.nanoTime() - start);
		return value;
	}

}
