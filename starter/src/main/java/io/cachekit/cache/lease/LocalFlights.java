package io.cachekit.cache.lease;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.observation.Observation;

import io.cachekit.cache.access.CacheObservations;

/**
 * One load per key in this JVM: a caller that finds a load of the same key running joins it instead of
 * starting its own (and of claiming the key's lease in Redis once more). Joining is a wait for another caller's
 * load, observed as {@link CacheObservations#LEASE_WAIT} like a wait for another instance's.
 */
public final class LocalFlights {

	private final ConcurrentHashMap<String, CompletableFuture<Object>> running = new ConcurrentHashMap<>();

	private final CacheObservations observations;

	/**
	 * Creates the flights of one cache.
	 * @param observations observes the callers that join a running load
	 */
	public LocalFlights(CacheObservations observations) {
		this.observations = observations;
	}

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
			Observation wait = this.observations.startLeaseWait();
			try {
				Object value = other.join();
				CacheObservations.stop(wait, CacheObservations.LANDED, null);
				return value;
			}
			catch (CompletionException ex) {
				CacheObservations.stop(wait, CacheObservations.FAILED, ex.getCause());
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
