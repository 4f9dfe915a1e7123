package io.cachekit.cache.store;

class InMemoryCacheStoreUnitTests extends AbstractCacheStoreContractTests {

	private final InMemoryCacheStore store = new InMemoryCacheStore();

	@Override
	protected CacheStore store() {
		return this.store;
	}

}
