package io.cachekit.resilience;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

/**
 * The one place where cachekit's circuit breakers come from: a Resilience4j {@link CircuitBreakerRegistry}
 * with one instance per concern ({@link #CACHE}, {@link #RATE_LIMIT}, {@link #LOCK}, {@link #WRITE_BEHIND},
 * or any name an application adds, e.g. for its sessions), each configured by its {@link ResiliencePolicy}.
 * Meters and health are bound to the registry, so every breaker is seen the same way.
 */
public final class CachekitResilience {

	/** Instance guarding cache reads, writes, leases and invalidations. */
	public static final String CACHE = "cache";

	/** Instance guarding rate-limit decisions. */
	public static final String RATE_LIMIT = "rate-limit";

	/** Instance guarding lock attempts. */
	public static final String LOCK = "lock";

	/** Instance guarding the Redis side of write-behind saves (pins and pending reads). */
	public static final String WRITE_BEHIND = "write-behind";

	private final ResiliencePolicy defaults;

	private final Map<String, ResiliencePolicy> policies;

	private final CircuitBreakerRegistry registry;

	private final Map<String, ThrottledLogger> logs = new ConcurrentHashMap<>();

	/**
	 * Creates the registry.
	 * @param defaults the policy of instances without one of their own
	 * @param policies policies by instance name
	 */
	public CachekitResilience(ResiliencePolicy defaults, Map<String, ResiliencePolicy> policies) {
		this.defaults = defaults;
		this.policies = Map.copyOf(policies);
		this.registry = CircuitBreakerRegistry.of(defaults.circuitBreakerConfig());
	}

	/**
	 * A registry where every instance follows {@link ResiliencePolicy#DEFAULTS}.
	 * @return the registry
	 */
	public static CachekitResilience withDefaults() {
		return new CachekitResilience(ResiliencePolicy.DEFAULTS, Map.of());
	}

	/**
	 * The policy of an instance.
	 * @param name the instance
	 * @return its policy, or the default one
	 */
	public ResiliencePolicy policy(String name) {
		return this.policies.getOrDefault(name, this.defaults);
	}

	/**
	 * The circuit breaker of an instance, created on first use.
	 * @param name the instance
	 * @return the breaker
	 */
	public CircuitBreaker breaker(String name) {
		return this.registry.circuitBreaker(name, () -> policy(name).circuitBreakerConfig());
	}

	/**
	 * The throttled logger of an instance.
	 * @param name the instance
	 * @return the logger
	 */
	public ThrottledLogger log(String name) {
		return this.logs.computeIfAbsent(name, (key) -> new ThrottledLogger(policy(key).logInterval()));
	}

	/**
	 * The registry, e.g. to bind meters or health to every breaker.
	 * @return the registry
	 */
	public CircuitBreakerRegistry registry() {
		return this.registry;
	}

}
