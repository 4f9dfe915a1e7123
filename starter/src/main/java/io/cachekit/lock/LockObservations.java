package io.cachekit.lock;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

/**
 * The observations of {@link LockTemplate}, named and tagged in one place. With Micrometer's meter handler
 * (Spring Boot's actuator) they become the timers {@code cachekit.lock.acquire} (tags {@code lock},
 * {@code outcome}: {@code acquired}, {@code not-acquired}, {@code unavailable}, {@code interrupted}, {@code error}; its time is
 * the wait) and {@code cachekit.lock.held} (tags {@code lock}, {@code lease}: {@code kept} or {@code lost}).
 */
final class LockObservations {

	static final String ACQUIRE = "cachekit.lock.acquire";

	static final String HELD = "cachekit.lock.held";

	static final String ACQUIRED = "acquired";

	static final String NOT_ACQUIRED = "not-acquired";

	static final String UNAVAILABLE = "unavailable";

	static final String INTERRUPTED = "interrupted";

	static final String ERROR = "error";

	private LockObservations() {
	}

	static Observation acquisition(String lock, ObservationRegistry registry) {
		return Observation.createNotStarted(ACQUIRE, registry)
			.contextualName("lock acquire " + lock)
			.lowCardinalityKeyValue("lock", lock);
	}

	static Observation holding(String lock, ObservationRegistry registry) {
		return Observation.createNotStarted(HELD, registry)
			.contextualName("lock held " + lock)
			.lowCardinalityKeyValue("lock", lock);
	}

	static String outcomeOf(RuntimeException ex) {
		if (ex instanceof LockNotAcquiredException) {
			return INTERRUPTED;
		}
		return (ex instanceof LockUnavailableException) ? UNAVAILABLE : ERROR;
	}

	static void stop(Observation acquisition, String outcome, Throwable error) {
		acquisition.lowCardinalityKeyValue("outcome", outcome);
		if (error != null) {
			acquisition.error(error);
		}
		acquisition.stop();
	}

	static void stopHolding(Observation holding, boolean leaseLost) {
		holding.lowCardinalityKeyValue("lease", leaseLost ? "lost" : "kept");
		holding.stop();
	}

}
