package io.cachekit.cache.lease;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One load per key in this JVM: a caller that finds a load of the same key running joins it instead of
 * starting its own (and of claiming the key's lease in Redis once more).
 */
public final class LocalFlights {

	private final ConcurrentHashMap<String, CompletableFuture<Object>> running = new ConcurrentHashMap<>();

	/**
	 * Runs a load, or joins the one running for the key.
	 * @param key the entry's key
	 * @param load the load
	 * @return its value
	 * @throws Throwable what the load threw, for whoever ran or joined it
	 */
	public Object join(String key, Callable<Object> load) throws Throwable {
		CompletableFuture<Object> mine = new CompletableFuture<>();
		CompletableFuture<Object> other = this.running.putIfAbsent(key, mine);
		if (other != null) {
			try {
				return other.join();
			}
			catch (CompletionException ex) {
				throw ex.getCause();
			}
		}
		try {
			Object value = load.call();
			mine.complete(value);
			return value;
		}
		catch (Throwable ex) {
			mine.completeExceptionally(ex);
			throw ex;
		}
		finally {
			this.running.remove(key, mine);
		}
	}

}
