package io.cachekit.cache;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.observation.ObservationRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;

import io.cachekit.cache.access.PendingValues;
import io.cachekit.cache.entry.CacheValueMapper;
import io.cachekit.cache.entry.EntryCodec;
import io.cachekit.cache.guard.CacheGuard;
import io.cachekit.cache.lease.LoadCoordination;
import io.cachekit.cache.metadata.CacheInvalidator;
import io.cachekit.cache.metadata.CacheMetadata;
import io.cachekit.cache.metadata.PendingEvictions;
import io.cachekit.cache.near.InvalidationBus;
import io.cachekit.cache.near.InvalidationBusFactory;
import io.cachekit.cache.near.NearCaches;
import io.cachekit.cache.store.CacheStore;
import io.cachekit.keys.CachekitKeys;
import io.cachekit.keys.KeyEncoder;
import io.cachekit.resilience.CachekitResilience;

/**
 * The {@link CacheManager} of cachekit: one {@link CachekitCache} per name, each with the
 * {@link CacheSpec} configured for it or the defaults, all sharing one namespace, storage tier, circuit
 * breaker and invalidation machinery. Build one with {@link #builder(CacheStore)}. More than half of the
 * class is the {@link Builder}, one documented method per setting.
 */
public class CachekitCacheManager implements CacheManager, DisposableBean {

	private final CacheRuntime runtime;

	private final CacheSpec defaults;

	private final Map<String, CacheSpec> specs;

	private final boolean dynamic;

	private final Map<String, CachekitCache> caches = new ConcurrentHashMap<>();

	private final List<Consumer<CachekitCache>> listeners = new CopyOnWriteArrayList<>();

	private CachekitCacheManager(Builder builder) {
		CachekitKeys keys = (builder.keys != null) ? builder.keys
				: new CachekitKeys(new KeyEncoder(builder.maxKeyLength), builder.namespace);
		CacheGuard guard = new CacheGuard(builder.resilience.breaker(CachekitResilience.CACHE),
				builder.resilience.log(CachekitResilience.CACHE));
		Duration tagRetention = tagRetention(builder);
		CacheMetadata metadata = new CacheMetadata(builder.store, guard, keys, builder.metadataRefresh,
				builder.maxLocalTags, tagRetention);
		this.defaults = builder.defaults;
		this.specs = Collections.unmodifiableMap(new LinkedHashMap<>(builder.specs));
		this.dynamic = builder.dynamic;
		CacheInvalidator invalidator = new CacheInvalidator(builder.store, guard, keys, metadata,
				new PendingEvictions(builder.pendingEvictionsLimit), tagRetention, builder.cleanupOldGenerations,
				this::cacheSegments, builder.replayInterval);
		LoadCoordination coordination = new LoadCoordination(builder.store, keys.landingChannel(), builder.leaseTime,
				builder.leaseWaitTimeout, builder.refreshThreads, guard::isCallPermitted);
		NearCaches nearCaches = null;
		InvalidationBus bus = null;
		if (builder.nearCacheBus != null && usesNearCache(builder)) {
			nearCaches = new NearCaches();
			bus = builder.nearCacheBus.create(keys.nearCacheChannel(), nearCaches);
			bus.start();
		}
		this.runtime = new CacheRuntime(keys, builder.store, guard, metadata, invalidator, new EntryCodec(),
				new CacheValueMapper(builder.jsonMapper), builder.clock, coordination, nearCaches, bus,
				builder.pendingValues, new AsyncLookups(builder.asyncThreads), builder.hotKeysTracked,
				builder.writeSampler, builder.observations);
		invalidator.subscribe();
		try {
			coordination.subscribe();
		}
		catch (RuntimeException ex) {
			guard.log().warn("redis-subscribe", "cachekit could not subscribe to load landings; waiters "
					+ "fall back to their wait timeout", ex);
		}
		this.specs.keySet().forEach(this::getCachekitCache);
	}

	private static boolean usesNearCache(Builder builder) {
		return builder.defaults.nearCacheEnabled()
				|| builder.specs.values().stream().anyMatch(CacheSpec::nearCacheEnabled);
	}

	private Duration tagRetention(Builder builder) {
		Duration longest = builder.defaults.ttl();
		boolean forever = builder.defaults.noExpiry();
		for (CacheSpec spec : builder.specs.values()) {
			longest = (spec.ttl().compareTo(longest) > 0) ? spec.ttl() : longest;
			forever |= spec.noExpiry();
		}
		if (forever) {
			return null;
		}
		Duration covering = longest.multipliedBy(2);
		return (covering.compareTo(builder.tagRetention) > 0) ? covering : builder.tagRetention;
	}

	/**
	 * Starts building a manager over a store.
	 * @param store the storage tier
	 * @return the builder
	 */
	public static Builder builder(CacheStore store) {
		return new Builder(store);
	}

	@Override
	public Cache getCache(String name) {
		return getCachekitCache(name);
	}

	/**
	 * The cache with the given name, created on first use.
	 * @param name the name
	 * @return the cache, or {@code null} if it is not configured and dynamic caches are off
	 */
	public CachekitCache getCachekitCache(String name) {
		CachekitCache cache = this.caches.get(name);
		if (cache != null) {
			return cache;
		}
		if (!this.dynamic && !this.specs.containsKey(name)) {
			return null;
		}
		return this.caches.computeIfAbsent(name, (n) -> {
			CachekitCache created = new CachekitCache(n, this.specs.getOrDefault(n, this.defaults), this.runtime);
			this.listeners.forEach((listener) -> listener.accept(created));
			return created;
		});
	}

	@Override
	public Collection<String> getCacheNames() {
		Collection<String> names = new LinkedHashSet<>(this.specs.keySet());
		names.addAll(this.caches.keySet());
		return Collections.unmodifiableCollection(names);
	}

	/**
	 * Every cache created so far.
	 * @return the caches
	 */
	public Collection<CachekitCache> getCaches() {
		return Collections.unmodifiableCollection(this.caches.values());
	}

	/**
	 * Calls the listener for every cache, existing and future (e.g. to bind metrics).
	 * @param listener the listener
	 */
	public void onCacheCreated(Consumer<CachekitCache> listener) {
		this.listeners.add(listener);
		this.caches.values().forEach(listener);
	}

	/**
	 * The settings of caches that are not configured by name.
	 * @return the default spec
	 */
	public CacheSpec getDefaultSpec() {
		return this.defaults;
	}

	/**
	 * The JSON mapper of cached values.
	 * @return the mapper
	 */
	public CacheValueMapper getValueMapper() {
		return this.runtime.mapper();
	}

	/**
	 * The shared collaborators of the caches.
	 * @return the runtime
	 */
	public CacheRuntime getRuntime() {
		return this.runtime;
	}

	/**
	 * The circuit breaker in front of Redis.
	 * @return the breaker
	 */
	public CircuitBreaker getCircuitBreaker() {
		return this.runtime.guard().breaker();
	}

	private List<String> cacheSegments() {
		List<String> segments = new ArrayList<>();
		for (CachekitCache cache : this.caches.values()) {
			segments.add(cache.getKeySegment());
		}
		return segments;
	}

	@Override
	public void destroy() {
		// deferred writes first, while Redis, the invalidator and the landings still work
		this.runtime.async().close();
		this.runtime.invalidator().close();
		this.runtime.coordination().close();
		if (this.runtime.bus() != null) {
			this.runtime.bus().close();
		}
	}

	/**
	 * Builds a {@link CachekitCacheManager}.
	 */
	public static final class Builder {

		private final CacheStore store;

		private String namespace = "app";

		private CacheSpec defaults = CacheSpec.defaults();

		private final Map<String, CacheSpec> specs = new LinkedHashMap<>();

		private boolean dynamic = true;

		private int maxKeyLength = 256;

		private CachekitKeys keys;

		private Duration metadataRefresh = Duration.ofSeconds(1);

		private int maxLocalTags = 100_000;

		private Duration tagRetention = Duration.ofDays(1);

		private boolean cleanupOldGenerations;

		private int pendingEvictionsLimit = 10_000;

		private Duration replayInterval = Duration.ofMillis(500);

		private CachekitResilience resilience = CachekitResilience.withDefaults();

		private JsonMapper jsonMapper = JsonMapper.builder().build();

		private Clock clock = Clock.systemUTC();

		private Duration leaseTime = Duration.ofSeconds(10);

		private Duration leaseWaitTimeout = Duration.ofSeconds(3);

		private int refreshThreads = 2;

		private int asyncThreads = 64;

		private int hotKeysTracked = 64;

		private WriteSampler writeSampler = WriteSampler.NONE;

		private PendingValues pendingValues;

		private InvalidationBusFactory nearCacheBus;

		private ObservationRegistry observations = ObservationRegistry.NOOP;

		private Builder(CacheStore store) {
			this.store = Objects.requireNonNull(store, "Store must not be null");
		}

		/**
		 * Sets the names of the application's keys and channels at once: namespace and key encoder (what
		 * {@link #namespace(String)} and {@link #maxKeyLength(int)} set otherwise).
		 * @param keys the names
		 * @return this builder
		 */
		public Builder keys(CachekitKeys keys) {
			this.keys = keys;
			return this;
		}

		/**
		 * Sets the namespace, the first segment of every key.
		 * @param namespace the namespace, e.g. the application name
		 * @return this builder
		 */
		public Builder namespace(String namespace) {
			if (namespace == null || namespace.isBlank()) {
				throw new IllegalArgumentException("Namespace must not be empty");
			}
			this.namespace = namespace;
			return this;
		}

		/**
		 * Sets the spec of caches not configured by name.
		 * @param defaults the spec
		 * @return this builder
		 */
		public Builder defaults(CacheSpec defaults) {
			this.defaults = Objects.requireNonNull(defaults);
			return this;
		}

		/**
		 * Configures one cache.
		 * @param name the cache name
		 * @param spec its spec
		 * @return this builder
		 */
		public Builder cache(String name, CacheSpec spec) {
			this.specs.put(name, Objects.requireNonNull(spec));
			return this;
		}

		/**
		 * Sets whether caches not configured by name are created on demand.
		 * @param dynamic whether to create them
		 * @return this builder
		 */
		public Builder dynamic(boolean dynamic) {
			this.dynamic = dynamic;
			return this;
		}

		/**
		 * Sets the longest encoded key segment kept readable; longer ones are hashed.
		 * @param maxKeyLength the length
		 * @return this builder
		 */
		public Builder maxKeyLength(int maxKeyLength) {
			this.maxKeyLength = maxKeyLength;
			return this;
		}

		/**
		 * Sets how old the local view of generations and tag versions may get.
		 * @param refresh the interval
		 * @return this builder
		 */
		public Builder metadataRefresh(Duration refresh) {
			this.metadataRefresh = refresh;
			return this;
		}

		/**
		 * Sets the minimum time a tag version is kept in Redis after its last change.
		 * @param retention the retention
		 * @return this builder
		 */
		public Builder tagRetention(Duration retention) {
			this.tagRetention = retention;
			return this;
		}

		/**
		 * Sets whether entries of a replaced generation are deleted in the background.
		 * @param cleanup whether to delete them
		 * @return this builder
		 */
		public Builder cleanupOldGenerations(boolean cleanup) {
			this.cleanupOldGenerations = cleanup;
			return this;
		}

		/**
		 * Sets how many failed evictions are remembered before they collapse.
		 * @param limit the limit
		 * @return this builder
		 */
		public Builder pendingEvictionsLimit(int limit) {
			this.pendingEvictionsLimit = limit;
			return this;
		}

		/**
		 * Sets how often failed evictions are retried.
		 * @param interval the interval
		 * @return this builder
		 */
		public Builder replayInterval(Duration interval) {
			this.replayInterval = interval;
			return this;
		}

		/**
		 * Sets the registry whose {@link CachekitResilience#CACHE} instance guards the cache's Redis calls (its
		 * circuit breaker and failure log).
		 * @param resilience the registry
		 * @return this builder
		 */
		public Builder resilience(CachekitResilience resilience) {
			this.resilience = resilience;
			return this;
		}

		/**
		 * Sets the JSON mapper values are written with (unknown properties always fail reads).
		 * @param jsonMapper the mapper
		 * @return this builder
		 */
		public Builder jsonMapper(JsonMapper jsonMapper) {
			this.jsonMapper = jsonMapper;
			return this;
		}

		/**
		 * Sets the clock stamped on entries.
		 * @param clock the clock
		 * @return this builder
		 */
		public Builder clock(Clock clock) {
			this.clock = clock;
			return this;
		}

		/**
		 * Sets how long a load lease lives if its holder never writes (e.g. the instance died); loads that
		 * take longer are not written.
		 * @param leaseTime the lease time
		 * @return this builder
		 */
		public Builder leaseTime(Duration leaseTime) {
			this.leaseTime = leaseTime;
			return this;
		}

		/**
		 * Sets how long a caller waits for another instance's load of the same key before loading itself.
		 * @param waitTimeout the wait
		 * @return this builder
		 */
		public Builder leaseWaitTimeout(Duration waitTimeout) {
			this.leaseWaitTimeout = waitTimeout;
			return this;
		}

		/**
		 * Sets how many background refreshes (early refresh, stale-while-revalidate) run at once.
		 * @param threads the number of threads
		 * @return this builder
		 */
		public Builder refreshThreads(int threads) {
			if (threads < 1) {
				throw new IllegalArgumentException("At least 1 refresh thread is needed");
			}
			this.refreshThreads = threads;
			return this;
		}

		/**
		 * Sets how many lookups of asynchronous and reactive methods ({@code Cache.retrieve}) run at once on
		 * cachekit's own threads; more wait in a queue.
		 * @param threads the number of threads
		 * @return this builder
		 */
		public Builder asyncThreads(int threads) {
			if (threads < 1) {
				throw new IllegalArgumentException("At least 1 async thread is needed");
			}
			this.asyncThreads = threads;
			return this;
		}

		/**
		 * Sets how many hot keys each cache tracks (the most read keys, listed at the actuator and shared for
		 * warming); a near cache with promotion tracks as many as it holds instead.
		 * @param tracked the number of keys, 0 to turn detection off for caches without promotion
		 * @return this builder
		 */
		public Builder hotKeysTracked(int tracked) {
			if (tracked < 0) {
				throw new IllegalArgumentException("Hot keys tracked must be at least 0, was " + tracked);
			}
			this.hotKeysTracked = tracked;
			return this;
		}

		/**
		 * Sets what is told of writes (puts and evictions), e.g. the consistency monitor.
		 * @param sampler the sampler
		 * @return this builder
		 */
		public Builder writeSampler(WriteSampler sampler) {
			this.writeSampler = Objects.requireNonNull(sampler, "sampler");
			return this;
		}

		/**
		 * Sets how the bus that keeps near caches coherent is made; required when a cache has a near
		 * cache.
		 * @param factory makes the bus for a channel and a listener
		 * @return this builder
		 */
		public Builder nearCacheBus(InvalidationBusFactory factory) {
			this.nearCacheBus = factory;
			return this;
		}

		/**
		 * Sets where values written but not yet persisted are found (write-behind), so that a miss serves
		 * them instead of loading older data from the database.
		 * @param pendingValues the source, or {@code null} for none
		 * @return this builder
		 */
		public Builder pendingValues(PendingValues pendingValues) {
			this.pendingValues = pendingValues;
			return this;
		}

		/**
		 * Sets the registry that observes lookups reaching Redis ({@code cachekit.cache.get}), loads
		 * ({@code cachekit.cache.load}) and waits for another caller's load ({@code cachekit.cache.lease.wait}),
		 * tagged with the cache name and an outcome; near-cache hits are not observed.
		 * @param observations the registry; {@link ObservationRegistry#NOOP} (the default) observes nothing
		 * @return this builder
		 */
		public Builder observationRegistry(ObservationRegistry observations) {
			this.observations = Objects.requireNonNull(observations, "Observation registry must not be null");
			return this;
		}

		/**
		 * Builds the manager.
		 * @return the manager
		 */
		public CachekitCacheManager build() {
			return new CachekitCacheManager(this);
		}

	}

}
