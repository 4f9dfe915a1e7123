package io.cachekit.cache.lease;

import org.springframework.cache.Cache.ValueWrapper;

import io.cachekit.cache.access.Lease;

/**
 * Who loads a missing entry once the {@link LeaseLoop} has decided: the caller (Spring runs the method and
 * writes afterwards, {@link CallerLoads}) or the loop itself with a loader ({@link LoaderLoads}).
 *
 * @param <R> what the loop answers
 */
public interface LoadStrategy<R> {

	/**
	 * A usable value was found: it landed, or it waits to be persisted.
	 * @param value the value
	 * @return the answer
	 */
	R found(ValueWrapper value);

	/**
	 * The caller holds the entry's lease: load, then write with it.
	 * @param lease the lease, which may have lost its right to write (see {@link Lease#canWrite()})
	 * @return the answer
	 * @throws Exception if the load fails
	 */
	R leased(Lease lease) throws Exception;

	/**
	 * No lease could be had (Redis did not answer, or the wait for another's load ran out): load without
	 * caching, since the holder's write wins.
	 * @param lease a lease that cannot write
	 * @return the answer
	 * @throws Exception if the load fails
	 */
	R withoutLease(Lease lease) throws Exception;

}
