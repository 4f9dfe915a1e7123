package io.cachekit.demo.welcome;

/**
 * The worker's end-to-end write-behind lag, from an update's acceptance to its persistence in MongoDB.
 *
 * @param available whether the worker answered
 * @param persisted updates persisted since the worker started
 * @param meanMillis mean lag since the worker started
 * @param maxMillis largest lag in the worker's recent window
 * @param detail why the numbers are missing, when they are
 */
record WriteBehindLag(boolean available, long persisted, double meanMillis, double maxMillis, String detail) {

	static WriteBehindLag unavailable(String detail) {
		return new WriteBehindLag(false, 0, 0, 0, detail);
	}

}
