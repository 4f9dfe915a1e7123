package io.cachekit.resilience.actuate;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import io.cachekit.resilience.CachekitResilience;

/**
 * Meters of every circuit breaker in the registry, those there now and those created later, tagged with the
 * instance {@code name}: {@code cachekit.resilience.breaker.state} (0 closed, 1 half-open, 2 open, 3 other),
 * {@code cachekit.resilience.breaker.failure.rate} (percent of the sliding window, -1 until it has enough calls)
 * and {@code cachekit.resilience.breaker.calls} by {@code kind} ({@code successful}, {@code failed},
 * {@code not_permitted}).
 */
public final class CachekitResilienceMetrics {

	private CachekitResilienceMetrics() {
	}

	/**
	 * Binds the meters.
	 * @param resilience the registry of breakers
	 * @param meters the meter registry
	 */
	public static void bind(CachekitResilience resilience, MeterRegistry meters) {
		resilience.registry().getAllCircuitBreakers().forEach((breaker) -> bind(breaker, meters));
		resilience.registry().getEventPublisher().onEntryAdded((event) -> bind(event.getAddedEntry(), meters));
	}

	private static void bind(CircuitBreaker breaker, MeterRegistry meters) {
		String name = breaker.getName();
		Gauge.builder("cachekit.resilience.breaker.state", breaker, CachekitResilienceMetrics::state)
			.description("State of the circuit breaker: 0 closed, 1 half-open, 2 open, 3 other")
			.tag("name", name)
			.register(meters);
		Gauge.builder("cachekit.resilience.breaker.failure.rate", breaker, (b) -> b.getMetrics().getFailureRate())
			.description("Failed calls in the breaker's sliding window, percent; -1 until it has enough calls")
			.tag("name", name)
			.baseUnit("percent")
			.register(meters);
		counter(meters, breaker, "successful", (b) -> b.getMetrics().getNumberOfSuccessfulCalls());
		counter(meters, breaker, "failed", (b) -> b.getMetrics().getNumberOfFailedCalls());
		counter(meters, breaker, "not_permitted", (b) -> b.getMetrics().getNumberOfNotPermittedCalls());
	}

	private static void counter(MeterRegistry meters, CircuitBreaker breaker, String kind,
			java.util.function.ToDoubleFunction<CircuitBreaker> count) {
		FunctionCounter.builder("cachekit.resilience.breaker.calls", breaker, count)
			.description("Calls through the circuit breaker (in its sliding window for successful and failed)")
			.tag("name", breaker.getName())
			.tag("kind", kind)
			.register(meters);
	}

	private static double state(CircuitBreaker breaker) {
		return switch (breaker.getState()) {
			case CLOSED -> 0;
			case HALF_OPEN -> 1;
			case OPEN, FORCED_OPEN -> 2;
			default -> 3;
		};
	}

}
