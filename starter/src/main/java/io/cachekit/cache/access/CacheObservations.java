package io.cachekit.cache.access;

import java.util.concurrent.Callable;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

/**
 * The observations of one cache, named and tagged in one place. With Micrometer's meter handler (Spring Boot's
 * actuator) they become the timers {@code cachekit.cache.get} (a lookup that reaches Redis; tags {@code cache},
 * {@code outcome}: {@code hit}, {@code stale}, {@code miss}, {@code unavailable}, {@code error}),
 * {@code cachekit.cache.load} (a value load; {@code loaded} or {@code failed}) and
 * {@code cachekit.cache.lease.wait} (a wait for another caller's load; {@code landed}, {@code leased},
 * {@code timed-out}, {@code unavailable}, {@code failed}, {@code error}). Near-cache hits are not observed.
 * <p>
 * Tags are the cache name and an outcome, never a key. With a registry that observes nothing
 * ({@link ObservationRegistry#NOOP}, or one without handlers) the {@code start} methods create nothing and
 * answer {@code null}, which {@link #stop} ignores.
 */
public final class CacheObservations {

	/** A lookup that reaches Redis. */
	public static final String GET = "cachekit.cache.get";

	/** A value load. */
	public static final String LOAD = "cachekit.cache.load";

	/** A wait for another caller's or instance's load of the same entry. */
	public static final String LEASE_WAIT = "cachekit.cache.lease.wait";

	/** A usable entry. */
	public static final String HIT = "hit";

	/** An expired entry served within the stale TTL. */
	public static final String STALE = "stale";

	/** No usable entry: absent, unreadable, from an older generation or with an evicted tag. */
	public static final String MISS = "miss";

	/** Redis could not be asked (down, hung, its breaker open): a miss by fail-open, or a load without caching. */
	public static final String UNAVAILABLE = "unavailable";

	/** An unexpected failure. */
	public static final String ERROR = "error";

	/** The loader answered. */
	public static final String LOADED = "loaded";

	/** The loader, or the load waited for, failed. */
	public static final String FAILED = "failed";

	/** The value waited for landed (or was found pending in write-behind). */
	public static final String LANDED = "landed";

	/** The load waited for was given up (its holder failed or died): this caller took the lease and loads. */
	public static final String LEASED = "leased";

	/** The wait timeout ran out: this caller loads without caching. */
	public static final String TIMED_OUT = "timed-out";

	private final String cache;

	private final ObservationRegistry registry;

	/**
	 * Creates the observations of one cache.
	 * @param cache the cache name, the {@code cache} tag
	 * @param registry the application's registry, {@link ObservationRegistry#NOOP} to observe nothing
	 */
	public CacheObservations(String cache, ObservationRegistry registry) {
		this.cache = cache;
		this.registry = registry;
	}

	/**
	 * Starts observing a lookup that reaches Redis.
	 * @return the observation, or {@code null} if nothing observes
	 */
	public Observation startGet() {
		return start(GET, "cache get ");
	}

	/**
	 * Runs a value load, observed as {@link #LOAD} with the loader in the observation's scope, so that the
	 * loader's own observations (the database's) are its children.
	 * @param <T> the value type
	 * @param loader the load
	 * @return its value
	 * @throws Exception if the load fails
	 */
	public <T> T load(Callable<T> loader) throws Exception {
		Observation observation = start(LOAD, "cache load ");
		if (observation == null) {
			return loader.call();
		}
		T value;
		try (Observation.Scope scope = observation.openScope()) {
			value = loader.call();
		}
		catch (Exception | Error ex) {
			stop(observation, FAILED, ex);
			throw ex;
		}
		stop(observation, LOADED, null);
		return value;
	}

	/**
	 * Starts observing a wait for another caller's load.
	 * @return the observation, or {@code null} if nothing observes
	 */
	public Observation startLeaseWait() {
		return start(LEASE_WAIT, "cache lease wait ");
	}

	private Observation start(String name, String contextualName) {
		if (this.registry.isNoop()) {
			return null;
		}
		return Observation.createNotStarted(name, this.registry)
			.contextualName(contextualName + this.cache)
			.lowCardinalityKeyValue("cache", this.cache)
			.start();
	}

	/**
	 * Stops an observation with its outcome.
	 * @param observation the observation, {@code null} if nothing observes
	 * @param outcome the {@code outcome} tag
	 * @param error the failure, or {@code null}
	 */
	public static void stop(Observation observation, String outcome, Throwable error) {
		if (observation == null) {
			return;
		}
		observation.lowCardinalityKeyValue("outcome", outcome);
		if (error != null) {
			observation.error(error);
		}
		observation.stop();
	}

	/**
	 * The outcome of a lookup.
	 * @param read what it found
	 * @return its {@code outcome} tag
	 */
	public static String outcomeOf(Read read) {
		return switch (read.freshness()) {
			case FRESH, EARLY -> HIT;
			case STALE -> STALE;
			case MISS, INVALID -> MISS;
			case UNAVAILABLE -> UNAVAILABLE;
		};
	}

}
