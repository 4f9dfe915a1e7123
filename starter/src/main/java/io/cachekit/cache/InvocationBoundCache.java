package io.cachekit.cache;

import java.util.concurrent.Callable;

import org.springframework.cache.Cache;

import io.cachekit.cache.access.CacheInvocation;
import io.cachekit.cache.lease.LeaseSlot;

/**
 * A {@link CachekitCache} seen by one annotated method call: values are read as the method's declared
 * return type and written with its {@link CacheTtl} and {@link CacheTags}. Made by
 * {@link CachekitCacheResolver} for each call. Spring's lookup and the put after a miss go through the
 * same view, which carries the load lease the lookup claimed to that put; nothing else is kept.
 */
final class InvocationBoundCache implements Cache {

	private final CachekitCache cache;

	private final CacheInvocation invocation;

	private final LeaseSlot lease = new LeaseSlot();

	InvocationBoundCache(CachekitCache cache, CacheInvocation invocation) {
		this.cache = cache;
		this.invocation = invocation;
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
	public void put(Object key, Object value) {
		this.cache.write(key, value, this.invocation, this.lease);
	}

	@Override
	public ValueWrapper putIfAbsent(Object key, Object value) {
		return this.cache.writeIfAbsent(key, value, this.invocation);
	}

	@Override
	public void evict(Object key) {
		this.cache.evict(key);
	}

	@Override
	public boolean evictIfPresent(Object key) {
		return this.cache.evictIfPresent(key);
	}

	@Override
	public void clear() {
		this.cache.clear();
	}

	@Override
	public boolean invalidate() {
		return this.cache.invalidate();
	}

}
