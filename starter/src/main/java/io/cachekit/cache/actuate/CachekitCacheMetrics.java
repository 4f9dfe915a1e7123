package io.cachekit.cache.actuate;

import java.util.List;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;

import io.cachekit.cache.CachekitCacheManager;
import io.cachekit.cache.consistency.ConsistencyMonitor;

/**
 * Binds the meters of every cachekit cache, present and future, to a registry, plus
 * {@code cachekit.cache.breaker.state} (0 closed, 1 half-open, 2 open) and
 * {@code cachekit.cache.evictions.pending}.
 */
public final class CachekitCacheMetrics {

	private CachekitCacheMetrics() {
	}

	/**
	 * Binds the meters.
	 * @param cacheManager the cache manager
	 * @param registry the registry
	 */
	public static void bind(CachekitCacheManager cacheManager, MeterRegistry registry) {
		List<Tag> tags = List.of(Tag.of("cache.manager", "cachekit"));
		cacheManager.onCacheCreated((cache) -> new CachekitCacheMeterBinder(cache, tags).bindTo(registry));
		Gauge.builder("cachekit.cache.breaker.state", cacheManager.getCircuitBreaker(), CachekitCacheMetrics::state)
			.description("State of the circuit breaker in front of Redis: 0 closed, 1 half-open, 2 open")
			.register(registry);
		Gauge.builder("cachekit.cache.evictions.pending", cacheManager,
				(manager) -> manager.getRuntime().invalidator().pendingCount())
			.description("Evictions waiting for Redis to return")
			.register(registry);
	}

	/**
	 * Binds the meters of the consistency monitor: {@code cachekit.consistency.checks} by cache and result
	 * ({@code consistent}, {@code inconsistent}, {@code unchecked}, {@code dropped}), and
	 * {@code cachekit.consistency.ratio}, the share of checks consistent within the monitor's delay (NaN while
	 * none ran).
	 * @param monitor the monitor
	 * @param registry the registry
	 */
	public static void bind(ConsistencyMonitor monitor, MeterRegistry registry) {
		for (String cache : monitor.cacheNames()) {
			FunctionCounter.builder("cachekit.consistency.checks", monitor, (m) -> m.report(cache).consistent())
				.tags("cache", cache, "result", "consistent")
				.description("Sampled writes whose key agreed with the source of truth after the delay")
				.register(registry);
			FunctionCounter.builder("cachekit.consistency.checks", monitor, (m) -> m.report(cache).inconsistent())
				.tags("cache", cache, "result", "inconsistent")
				.description("Sampled writes whose key disagreed with the source of truth after the delay")
				.register(registry);
			FunctionCounter.builder("cachekit.consistency.checks", monitor, (m) -> m.report(cache).unchecked())
				.tags("cache", cache, "result", "unchecked")
				.description("Sampled writes that could not be checked: Redis or the source failed")
				.register(registry);
			FunctionCounter.builder("cachekit.consistency.checks", monitor, (m) -> m.report(cache).dropped())
				.tags("cache", cache, "result", "dropped")
				.description("Writes not sampled because too many checks were waiting")
				.register(registry);
			Gauge.builder("cachekit.consistency.ratio", monitor, (m) -> m.report(cache).ratio())
				.tags("cache", cache)
				.description("Share of sampled writes consistent with the source of truth within the delay")
				.register(registry);
		}
	}

	private static double state(CircuitBreaker breaker) {
		return switch (breaker.getState()) {
			case CLOSED, DISABLED, METRICS_ONLY -> 0;
			case HALF_OPEN -> 1;
			case OPEN, FORCED_OPEN -> 2;
		};
	}

}
