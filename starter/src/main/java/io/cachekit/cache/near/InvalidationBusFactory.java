package io.cachekit.cache.near;

/**
 * Makes the {@link InvalidationBus} of a cache manager, e.g. over the application's Redisson client.
 */
@FunctionalInterface
public interface InvalidationBusFactory {

	/**
	 * Makes a bus; the manager starts and closes it.
	 * @param channel the pub/sub channel, shared by every instance of the namespace
	 * @param listener applies invalidations to this instance's near caches
	 * @return the bus, not yet started
	 */
	InvalidationBus create(String channel, InvalidationListener listener);

}
