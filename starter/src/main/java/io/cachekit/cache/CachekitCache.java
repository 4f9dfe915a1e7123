package io.cachekit.cache;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.cache.Cache;
import org.springframework.cache.support.SimpleValueWrapper;

import io.cachekit.cache.store.CacheStore;

/**
 * A Spring {@link Cache} over Redis: one key per entry with a jittered millisecond TTL, JSON values read
 * into the declared type, O(1) invalidation of the whole cache (generations) and of tags (versions), and
 * fail-open behaviour: lookups that cannot reach Redis are misses, writes and evictions never throw.
 * <p>
 * Used through Spring's annotations, each call goes through a view made by {@link #bind(CacheInvocation)}
 * that knows the method's return type, {@link CacheTtl} and {@link CacheTags}. Used directly,
 * {@link #get(Object)} reads untyped JSON and {@link #get(Object, Class)} reads the given class.
 */
public class CachekitCache implements Cache {

	private final String name;

	private final String segment;

	private final CacheSpec spec;

	private final CacheRuntime runtime;

	private final CacheStatistics statistics = new CacheStatistics();

	private final ConcurrentHashMap<String, CompletableFuture<Object>> loads = new ConcurrentHashMap<>();

	private volatile KeyPrefix prefix;

	/**
	 * Creates a cache.
	 * @param name the cache name
	 * @param spec its settings
	 * @param runtime the shared collaborators
	 */
	public CachekitCache(String name, CacheSpec spec, CacheRuntime runtime) {
		this.name = name;
		this.segment = runtime.keys().encoder().encodeName(name);
		this.spec = spec;
		this.runtime = runtime;
	}

	@Override
	public String getName() {
		return this.name;
	}

	/**
	 * The storage tier.
	 * @return the store
	 */
	@Override
	public CacheStore getNativeCache() {
		return this.runtime.store();
	}

	/**
	 * This cache's settings.
	 * @return the spec
	 */
	public CacheSpec getSpec() {
		return this.spec;
	}

	/**
	 * This cache's counters.
	 * @return the statistics
	 */
	public CacheStatistics getStatistics() {
		return this.statistics;
	}

	/**
	 * The encoded name used in Redis keys.
	 * @return the segment
	 */
	public String getKeySegment() {
		return this.segment;
	}

	/**
	 * A view of this cache for one method call.
	 * @param invocation the call's type, TTL and tags
	 * @return the view
	 */
	public Cache bind(CacheInvocation invocation) {
		return new InvocationBoundCache(this, invocation);
	}

	/**
	 * The Redis key of an entry in the current generation.
	 * @param key the user key
	 * @return the Redis key
	 * @throws CacheUnavailableException if the generation is unknown and Redis cannot answer
	 */
	public String storeKey(Object key) {
		long generation = this.runtime.metadata().generation(this.segment);
		KeyPrefix prefix = this.prefix;
		if (prefix == null || prefix.generation() != generation) {
			prefix = new KeyPrefix(generation, this.runtime.keys().entryPrefix(this.segment, generation));
			this.prefix = prefix;
		}
		return prefix.value().concat(this.runtime.keys().encoder().encodeKey(key));
	}

	private record KeyPrefix(long generation, String value) {
	}

	@Override
	public ValueWrapper get(Object key) {
		return lookup(key, CacheInvocation.UNTYPED);
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> T get(Object key, Class<T> type) {
		CacheInvocation invocation = (type != null && type != Object.class)
				? new CacheInvocation(this.runtime.mapper().type(type), null, CacheInvocation.UNTYPED.tags())
				: CacheInvocation.UNTYPED;
		ValueWrapper wrapper = lookup(key, invocation);
		Object value = (wrapper != null) ? wrapper.get() : null;
		if (value != null && type != null && !type.isInstance(value)) {
			throw new IllegalStateException("Cached value is not of required type [" + type.getName() + "]: " + value);
		}
		return (T) value;
	}

	@Override
	public <T> T get(Object key, Callable<T> valueLoader) {
		return getOrLoad(key, valueLoader, CacheInvocation.UNTYPED);
	}

	@Override
	public void put(Object key, Object value) {
		write(key, value, CacheInvocation.UNTYPED);
	}

	@Override
	public ValueWrapper putIfAbsent(Object key, Object value) {
		return writeIfAbsent(key, value, CacheInvocation.UNTYPED);
	}

	@Override
	public void evict(Object key) {
		evictIfPresent(key);
	}

	@Override
	public boolean evictIfPresent(Object key) {
		String storeKey;
		try {
			storeKey = storeKey(key);
		}
		catch (CacheUnavailableException ex) {
			this.statistics.recordError();
			// the generation is unknown: only a new generation is sure to hide the entry
			this.runtime.invalidator().clear(this.segment);
			return false;
		}
		this.statistics.recordEviction();
		return this.runtime.invalidator().evictKey(this.segment, storeKey);
	}

	/**
	 * Invalidates every entry in O(1) by moving the cache to a new generation.
	 */
	@Override
	public void clear() {
		this.statistics.recordEviction();
		this.runtime.invalidator().clear(this.segment);
	}

	@Override
	public boolean invalidate() {
		clear();
		return true;
	}

	ValueWrapper lookup(Object key, CacheInvocation invocation) {
		CacheRuntime rt = this.runtime;
		if (rt.invalidator().mustBypass(this.segment)) {
			this.statistics.recordMiss();
			return null;
		}
		String storeKey;
		byte[] bytes;
		try {
			storeKey = storeKey(key);
			bytes = rt.guard().call("read from", () -> rt.store().get(storeKey));
		}
		catch (CacheUnavailableException ex) {
			this.statistics.recordError();
			this.statistics.recordMiss();
			return null;
		}
		if (bytes == null) {
			this.statistics.recordMiss();
			return null;
		}
		Object value;
		try {
			StoredEntry entry = rt.codec().decode(bytes);
			if (entry.tags().length > 0 && !Arrays.equals(entry.tagVersions(), rt.metadata().tagVersions(entry.tags()))) {
				this.statistics.recordMiss();
				return null;
			}
			value = entry.isNull() ? null
					: rt.mapper().read(entry.buffer(), entry.offset(), entry.length(), invocation.type());
		}
		catch (CacheUnavailableException ex) {
			this.statistics.recordError();
			this.statistics.recordMiss();
			return null;
		}
		catch (RuntimeException ex) {
			this.statistics.recordUnreadable();
			this.statistics.recordMiss();
			rt.guard().log().warn("unreadable-" + this.name, "cachekit treated an unreadable value in cache '"
					+ this.name + "' as a miss (key " + storeKey + "); the method runs and overwrites it", ex);
			return null;
		}
		this.statistics.recordHit();
		return new SimpleValueWrapper(value);
	}

	@SuppressWarnings("unchecked")
	<T> T getOrLoad(Object key, Callable<T> loader, CacheInvocation invocation) {
		ValueWrapper cached = lookup(key, invocation);
		if (cached != null) {
			return (T) cached.get();
		}
		String flightKey = this.runtime.keys().encoder().encodeKey(key);
		CompletableFuture<Object> mine = new CompletableFuture<>();
		CompletableFuture<Object> running = this.loads.putIfAbsent(flightKey, mine);
		if (running != null) {
			try {
				return (T) running.join();
			}
			catch (CompletionException ex) {
				throw new ValueRetrievalException(key, loader, ex.getCause());
			}
		}
		try {
			long start = System.nanoTime();
			T value = loader.call();
			this.statistics.recordLoad(System.nanoTime() - start);
			write(key, value, invocation);
			mine.complete(value);
			return value;
		}
		catch (Throwable ex) {
			mine.completeExceptionally(ex);
			throw new ValueRetrievalException(key, loader, ex);
		}
		finally {
			this.loads.remove(flightKey, mine);
		}
	}

	void write(Object key, Object value, CacheInvocation invocation) {
		Duration ttl = ttlOf(value, invocation);
		byte[] encoded = encode(key, value, invocation, ttl);
		if (encoded == null) {
			return;
		}
		try {
			String storeKey = storeKey(key);
			this.runtime.guard().call("write to", () -> {
				this.runtime.store().set(storeKey, encoded, ttl);
				return null;
			});
			this.statistics.recordPut();
		}
		catch (CacheUnavailableException ex) {
			this.statistics.recordError();
		}
	}

	ValueWrapper writeIfAbsent(Object key, Object value, CacheInvocation invocation) {
		ValueWrapper existing = lookup(key, invocation);
		if (existing != null) {
			return existing;
		}
		Duration ttl = ttlOf(value, invocation);
		byte[] encoded = encode(key, value, invocation, ttl);
		if (encoded == null) {
			return null;
		}
		try {
			String storeKey = storeKey(key);
			boolean written = this.runtime.guard().call("write to",
					() -> this.runtime.store().setIfAbsent(storeKey, encoded, ttl));
			if (written) {
				this.statistics.recordPut();
				return null;
			}
			return lookup(key, invocation);
		}
		catch (CacheUnavailableException ex) {
			this.statistics.recordError();
			return null;
		}
	}

	private byte[] encode(Object key, Object value, CacheInvocation invocation, Duration ttl) {
		if (value == null && !this.spec.cacheNulls()) {
			evict(key);
			return null;
		}
		try {
			String[] tags = invocation.evaluateTags();
			long[] versions = (tags.length > 0) ? this.runtime.metadata().tagVersions(tags) : new long[0];
			byte[] json = (value != null) ? this.runtime.mapper().write(value, invocation.type()) : null;
			return this.runtime.codec()
				.encode(json, this.runtime.clock().millis(), (ttl != null) ? ttl.toMillis() : 0, tags, versions,
						this.spec.compressionThreshold());
		}
		catch (CacheUnavailableException ex) {
			this.statistics.recordError();
			return null;
		}
		catch (RuntimeException ex) {
			this.statistics.recordError();
			this.runtime.guard().log().warn("serialize-" + this.name,
					"cachekit could not serialize a value for cache '" + this.name + "'; it is not cached", ex);
			return null;
		}
	}

	private Duration ttlOf(Object value, CacheInvocation invocation) {
		if (value == null) {
			return jitter(this.spec.nullTtl());
		}
		if (invocation.ttl() != null) {
			return jitter(invocation.ttl());
		}
		return this.spec.noExpiry() ? null : jitter(this.spec.ttl());
	}

	private Duration jitter(Duration ttl) {
		double jitter = this.spec.jitter();
		long millis = ttl.toMillis();
		if (jitter > 0) {
			double factor = 1 + ThreadLocalRandom.current().nextDouble(-jitter, jitter);
			millis = Math.round(millis * factor);
		}
		return Duration.ofMillis(Math.max(1, millis));
	}

}
