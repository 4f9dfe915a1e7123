package io.cachekit.cache;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import org.springframework.cache.Cache;

import io.cachekit.cache.access.CacheInvocation;
import io.cachekit.cache.lease.LeaseSlot;

/**
 * A {@link CachekitCache} seen by one annotated method call: values are read as the method's declared
 * return type and written with its {@link CacheTtl} and {@link CacheTags}. Made by
 * {@link CachekitCacheResolver} for each call. Spring's lookup and the put after a miss go through the
 * same view, which carries the load lease the lookup claimed to that put; nothing else is kept. For a method
 * returning {@code CompletableFuture}, {@code Mono} or {@code Flux}, lookups ({@code retrieve}), puts, evictions
 * and clears run on cachekit's async threads, never on the thread that completed the method's result.
 */
final class InvocationBoundCache implements Cache {

	private final CachekitCache cache;

	private final CacheInvocation invocation;

	private final LeaseSlot lease = new LeaseSlot();

	private final AsyncLookups async;

	/**
	 * Creates the view.
	 * @param cache the cache
	 * @param invocation the call
	 * @param async where puts and evictions run, or {@code null} to run them on the caller's thread
	 */
	InvocationBoundCache(CachekitCache cache, CacheInvocation invocation, AsyncLookups async) {
		this.cache = cache;
		this.invocation = invocation;
		this.async = async;
	}

	@Override
	public String getName() {
		return this.cache.getName();
	}

	@Override
	public Object getNativeCache() {
		return this.cache;
	}

	@Override
	public ValueWrapper get(Object key) {
		return this.cache.lookup(key, this.invocation, this.lease);
	}

	@Override
	public <T> T get(Object key, Class<T> type) {
		return this.cache.get(key, type);
	}

	@Override
	public <T> T get(Object key, Callable<T> valueLoader) {
		return this.cache.getOrLoad(key, valueLoader, this.invocation);
	}

	@Override
	public CompletableFuture<?> retrieve(Object key) {
		return this.cache.retrieve(key, this.invocation, this.lease);
	}

	@Override
	public <T> CompletableFuture<T> retrieve(Object key, Supplier<CompletableFuture<T>> valueLoader) {
		return this.cache.retrieveOrLoad(key, valueLoader, this.invocation);
	}

	@Override
	public void put(Object key, Object value) {
		if (this.async != null) {
			// Spring's contract allows a deferred put; this one is on its way when the method's result is
			this.async.write(() -> this.cache.write(key, value, this.invocation, this.lease));
			return;
		}
		this.cache.write(key, value, this.invocation, this.lease);
	}

	@Override
	public ValueWrapper putIfAbsent(Object key, Object value) {
		return this.cache.writeIfAbsent(key, value, this.invocation);
	}

	@Override
	public void evict(Object key) {
		if (this.async != null) {
			this.async.write(() -> this.cache.evictIfPresent(key));
			return;
		}
		this.cache.evict(key);
	}

	@Override
	public boolean evictIfPresent(Object key) {
		return this.cache.evictIfPresent(key);
	}

	@Override
	public void clear() {
		if (this.async != null) {
			this.async.write(this.cache::clear);
			return;
		}
		this.cache.clear();
	}

	@Override
	public boolean invalidate() {
		return this.cache.invalidate();
	}

}
