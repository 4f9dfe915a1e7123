package io.cachekit.cache.store;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import org.redisson.Redisson;
import org.redisson.api.RedissonClient;

import io.cachekit.resilience.RedisDeadline;

/**
 * The Redis tier: {@link RedisEntryStore entries}, {@link RedisLeaseStore leases}, {@link RedisTokenStore
 * tokens} and {@link RedisEventChannel events} over one Redisson client, each command with the given timeout
 * and no retries. The caller waits for a command at most that long, or less when its {@link RedisDeadline
 * request budget} runs out first: a slow, absent or hung Redis costs at most the timeout per call.
 */
public class RedisCacheStore implements CacheStore, AutoCloseable {

	private final RedisEntryStore entries;

	private final RedisLeaseStore leases;

	private final RedisTokenStore tokens;

	private final RedisEventChannel events;

	/**
	 * Creates the store.
	 * @param redisson the client
	 * @param timeout the timeout of each command
	 */
	public RedisCacheStore(RedissonClient redisson, Duration timeout) {
		this(redisson, timeout, ReadCoalescing.defaultsFor(redisson));
	}

	/**
	 * Creates the store.
	 * @param redisson the client
	 * @param timeout the timeout of each command
	 * @param coalescing how concurrent reads of entries share commands
	 */
	public RedisCacheStore(RedissonClient redisson, Duration timeout, ReadCoalescing coalescing) {
		RedisCalls calls = new RedisCalls(redisson, timeout);
		this.entries = new RedisEntryStore(calls, coalescing);
		this.leases = new RedisLeaseStore(calls);
		this.tokens = new RedisTokenStore(calls);
		this.events = new RedisEventChannel(calls);
	}

	/**
	 * How concurrent reads share commands; {@link ReadCoalescing#DISABLED} when the client is not a
	 * {@link Redisson} instance.
	 * @return the coalescing settings in effect
	 */
	public ReadCoalescing readCoalescing() {
		return this.entries.readCoalescing();
	}

	/**
	 * Gives the connection coalesced reads are pipelined on back to Redisson's pool; the client itself
	 * stays open. Reads after this go through Redisson's command executor.
	 */
	@Override
	public void close() {
		this.entries.close();
	}

	@Override
	public byte[] get(String key) {
		return this.entries.get(key);
	}

	@Override
	public List<byte[]> getAll(List<String> keys) {
		return this.entries.getAll(keys);
	}

	@Override
	public void set(String key, byte[] value, Duration ttl) {
		this.entries.set(key, value, ttl);
	}

	@Override
	public boolean setIfAbsent(String key, byte[] value, Duration ttl) {
		return this.entries.setIfAbsent(key, value, ttl);
	}

	@Override
	public boolean delete(String key) {
		return this.entries.delete(key);
	}

	@Override
	public long deleteMatching(String pattern, int batchSize) {
		return this.entries.deleteMatching(pattern, batchSize);
	}

	@Override
	public long deleteOtherGenerations(String pattern, long generation, int batchSize) {
		return this.entries.deleteOtherGenerations(pattern, generation, batchSize);
	}

	@Override
	public long remainingTtlMillis(String key) {
		return this.entries.remainingTtlMillis(key);
	}

	@Override
	public boolean expire(String key, Duration ttl) {
		return this.entries.expire(key, ttl);
	}

	@Override
	public boolean persist(String key) {
		return this.entries.persist(key);
	}

	@Override
	public long[] tokens(List<String> keys, Duration retention) {
		return this.tokens.tokens(keys, retention);
	}

	@Override
	public TokenChange replaceToken(String key, Duration retention) {
		return this.tokens.replaceToken(key, retention);
	}

	@Override
	public LoadClaim claimLoad(String key, String token, Duration leaseTime) {
		return this.leases.claimLoad(key, token, leaseTime);
	}

	@Override
	public boolean claimRefresh(String key, String token, Duration leaseTime) {
		return this.leases.claimRefresh(key, token, leaseTime);
	}

	@Override
	public boolean setIfLeased(String key, byte[] value, Duration ttl, String token, String landingChannel) {
		return this.leases.setIfLeased(key, value, ttl, token, landingChannel);
	}

	@Override
	public void releaseLease(String key, String token, String landingChannel) {
		this.leases.releaseLease(key, token, landingChannel);
	}

	@Override
	public void setAndRevokeLease(String key, byte[] value, Duration ttl, String landingChannel) {
		this.leases.setAndRevokeLease(key, value, ttl, landingChannel);
	}

	@Override
	public boolean deleteAndRevokeLease(String key, String landingChannel) {
		return this.leases.deleteAndRevokeLease(key, landingChannel);
	}

	@Override
	public void publish(String channel, String message) {
		this.events.publish(channel, message);
	}

	@Override
	public Subscription subscribe(String channel, Consumer<String> listener, SubscriptionListener status) {
		return this.events.subscribe(channel, listener, status);
	}

}
