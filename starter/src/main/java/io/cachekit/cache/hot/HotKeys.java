package io.cachekit.cache.hot;

import java.util.List;

/**
 * The most read keys of one cache, found as reads happen. A near cache with promotion keeps only the keys
 * that are hot here; the actuator lists them; warming can start from them.
 */
public interface HotKeys {

	/** No detection: nothing is recorded and no key is hot. */
	HotKeys NONE = new HotKeys() {

		@Override
		public void record(Object key) {
		}

		@Override
		public void recordNearHit(Object key) {
		}

		@Override
		public void recordAll(List<?> keys) {
		}

		@Override
		public boolean isHot(Object key) {
			return false;
		}

		@Override
		public List<HotKey> top(int limit) {
			return List.of();
		}

		@Override
		public int size() {
			return 0;
		}

	};

	/**
	 * Counts one read of a key.
	 * @param key the user key
	 */
	void record(Object key);

	/**
	 * Counts one read of a key that was served in process: implementations may sample these, the cheapest
	 * reads, as long as the expected count stays one per read.
	 * @param key the user key
	 */
	void recordNearHit(Object key);

	/**
	 * Counts one read of each of several keys read together, such as the ids of one bulk lookup:
	 * implementations may sample them, as long as the expected count stays one per read.
	 * @param keys the user keys
	 */
	default void recordAll(List<?> keys) {
		for (Object key : keys) {
			record(key);
		}
	}

	/**
	 * Whether a key is among the most read ones now.
	 * @param key the user key
	 * @return {@code true} if it is hot
	 */
	boolean isHot(Object key);

	/**
	 * The hottest keys, most read first.
	 * @param limit how many at most
	 * @return the keys with their estimated recent reads
	 */
	List<HotKey> top(int limit);

	/**
	 * How many keys are hot now.
	 * @return the number of hot keys
	 */
	int size();

	/**
	 * A hot key and its estimated reads in the recent window (older reads count half per window).
	 *
	 * @param key the user key
	 * @param reads the estimate
	 */
	record HotKey(Object key, long reads) {
	}

}
