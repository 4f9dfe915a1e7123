package io.cachekit.cache.store;

/**
 * The storage tier under a cachekit cache, by concern: {@link EntryStore entries}, the {@link LeaseStore lease
 * protocol}, {@link TokenStore metadata tokens} and an {@link EventChannel event channel}. Redis
 * ({@link RedisCacheStore}) is the tier of record; every implementation passes the same contract tests.
 */
public interface CacheStore extends EntryStore, LeaseStore, TokenStore, EventChannel {

}
