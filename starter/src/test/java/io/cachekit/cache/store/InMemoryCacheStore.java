package io.cachekit.cache.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * A fake {@link CacheStore} in memory for unit tests; it must pass the same contract as Redis.
 */
public class InMemoryCacheStore implements CacheStore {

	private record Value(byte[] bytes, long expiresAt) {

		boolean live() {
			return this.expiresAt == 0 || System.currentTimeMillis() < this.expiresAt;
		}

	}

	private final Map<String, Value> values = new ConcurrentHashMap<>();

	private final Map<String, List<Consumer<String>>> listeners = new ConcurrentHashMap<>();

	private Value live(String key) {
		Value value = this.values.get(key);
		if (value != null && !value.live()) {
			this.values.remove(key, value);
			return null;
		}
		return value;
	}

	private static long expiry(Duration ttl) {
		return (ttl != null) ? System.currentTimeMillis() + ttl.toMillis() : 0;
	}

	@Override
	public byte[] get(String key) {
		Value value = live(key);
		return (value != null) ? value.bytes() : null;
	}

	@Override
	public void set(String key, byte[] value, Duration ttl) {
		this.values.put(key, new Value(value, expiry(ttl)));
	}

	@Override
	public synchronized boolean setIfAbsent(String key, byte[] value, Duration ttl) {
		if (live(key) != null) {
			return false;
		}
		set(key, value, ttl);
		return true;
	}

	@Override
	public boolean delete(String key) {
		return live(key) != null && this.values.remove(key) != null;
	}

	@Override
	public long deleteMatching(String pattern, int batchSize) {
		Pattern regex = Pattern.compile(pattern.replace(".", "\\.").replace("?", ".").replace("*", ".*"));
		List<String> matching = new ArrayList<>();
		this.values.keySet().forEach((key) -> {
			if (regex.matcher(key).matches() && live(key) != null && !EntryStore.isMetadataKey(key)) {
				matching.add(key);
			}
		});
		matching.forEach(this.values::remove);
		return matching.size();
	}

	@Override
	public long deleteOtherGenerations(String pattern, long generation, int batchSize) {
		Pattern regex = Pattern.compile(pattern.replace(".", "\\.").replace("?", ".").replace("*", ".*"));
		byte[] kept = java.nio.ByteBuffer.allocate(Long.BYTES).putLong(generation).array();
		List<String> matching = new ArrayList<>();
		this.values.keySet().forEach((key) -> {
			Value value = live(key);
			if (regex.matcher(key).matches() && value != null && !EntryStore.isMetadataKey(key)
					&& value.bytes().length >= 9
					&& !java.util.Arrays.equals(java.util.Arrays.copyOfRange(value.bytes(), 1, 9), kept)) {
				matching.add(key);
			}
		});
		matching.forEach(this.values::remove);
		return matching.size();
	}

	@Override
	public long remainingTtlMillis(String key) {
		Value value = live(key);
		if (value == null) {
			return ABSENT;
		}
		return (value.expiresAt() == 0) ? PERSISTENT : value.expiresAt() - System.currentTimeMillis();
	}

	@Override
	public boolean expire(String key, Duration ttl) {
		Value value = live(key);
		if (value == null) {
			return false;
		}
		this.values.put(key, new Value(value.bytes(), expiry(ttl)));
		return true;
	}

	@Override
	public boolean persist(String key) {
		Value value = live(key);
		if (value == null || value.expiresAt() == 0) {
			return false;
		}
		this.values.put(key, new Value(value.bytes(), 0));
		return true;
	}

	@Override
	public synchronized long[] tokens(List<String> keys, Duration retention) {
		long[] result = new long[keys.size()];
		for (int i = 0; i < result.length; i++) {
			byte[] bytes = get(keys.get(i));
			if (bytes == null) {
				bytes = Long.toString(TokenStore.newToken()).getBytes();
			}
			set(keys.get(i), bytes, retention);
			result[i] = parse(bytes);
		}
		return result;
	}

	@Override
	public synchronized TokenChange replaceToken(String key, Duration retention) {
		long previous = parse(get(key));
		long token = TokenStore.newToken();
		set(key, Long.toString(token).getBytes(), retention);
		return new TokenChange(previous, token);
	}

	private static long parse(byte[] bytes) {
		return (bytes != null) ? Long.parseLong(new String(bytes)) : 0;
	}

	@Override
	public void publish(String channel, String message) {
		this.listeners.getOrDefault(channel, List.of()).forEach((listener) -> listener.accept(message));
	}

	@Override
	public Subscription subscribe(String channel, Consumer<String> listener, SubscriptionListener status) {
		List<Consumer<String>> subscribers = this.listeners.computeIfAbsent(channel, (c) -> new CopyOnWriteArrayList<>());
		subscribers.add(listener);
		status.onSubscribe(channel);
		return () -> subscribers.remove(listener);
	}

	@Override
	public synchronized LoadClaim claimLoad(String key, String token, Duration leaseTime) {
		byte[] value = get(key);
		if (value != null) {
			return LoadClaim.found(value);
		}
		if (setIfAbsent(LeaseStore.leaseKey(key), token.getBytes(), leaseTime)) {
			return LoadClaim.LEASED;
		}
		set(LeaseStore.waiterKey(key), new byte[] { 1 }, leaseTime);
		return LoadClaim.BUSY;
	}

	@Override
	public synchronized boolean claimRefresh(String key, String token, Duration leaseTime) {
		if (setIfAbsent(LeaseStore.leaseKey(key), token.getBytes(), leaseTime)) {
			return true;
		}
		set(LeaseStore.waiterKey(key), new byte[] { 1 }, leaseTime);
		return false;
	}

	@Override
	public synchronized boolean setIfLeased(String key, byte[] value, Duration ttl, String token,
			String landingChannel) {
		byte[] lease = get(LeaseStore.leaseKey(key));
		if (lease == null || !new String(lease).equals(token)) {
			return false;
		}
		setAndRevokeLease(key, value, ttl, landingChannel);
		return true;
	}

	@Override
	public synchronized void releaseLease(String key, String token, String landingChannel) {
		byte[] lease = get(LeaseStore.leaseKey(key));
		if (lease != null && new String(lease).equals(token)) {
			revoke(key, landingChannel);
		}
	}

	@Override
	public synchronized void setAndRevokeLease(String key, byte[] value, Duration ttl, String landingChannel) {
		set(key, value, ttl);
		revoke(key, landingChannel);
	}

	@Override
	public synchronized boolean deleteAndRevokeLease(String key, String landingChannel) {
		boolean deleted = delete(key);
		revoke(key, landingChannel);
		return deleted;
	}

	private void revoke(String key, String landingChannel) {
		delete(LeaseStore.leaseKey(key));
		if (delete(LeaseStore.waiterKey(key))) {
			publish(landingChannel, key);
		}
	}

}
