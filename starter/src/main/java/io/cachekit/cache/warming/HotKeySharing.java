package io.cachekit.cache.warming;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.redisson.api.BatchResult;
import org.redisson.api.RBatch;
import org.redisson.api.RScoredSortedSetAsync;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.client.protocol.ScoredEntry;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;

import io.cachekit.cache.CachekitCache;
import io.cachekit.cache.CachekitCacheManager;
import io.cachekit.cache.hot.HotKeys;

/**
 * Keeps the hot keys of caches that share them in Redis, so that an instance that starts can warm what is
 * hot on the others. Every share interval, each instance raises the scores of its hottest keys to their
 * estimated recent reads ({@code ZADD GT}: a key's score is the highest estimate any instance gave it) in a
 * sorted set per cache and time window ({@code <namespace>:~hot:<cache>:<window>}), trims it to
 * four times the shared size and lets it expire after two windows: the sets are bounded and rebuild
 * themselves, so losing them (a flush, a failover) costs a few warm entries, nothing else. All of it runs
 * in the background, never on a request.
 */
public class HotKeySharing implements SmartInitializingSingleton, DisposableBean {

	private static final Log logger = LogFactory.getLog(HotKeySharing.class);

	private final CachekitCacheManager manager;

	private final RedissonClient redisson;

	private final int sharedSize;

	private final Duration interval;

	private final Duration window;

	private final Clock clock;

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((runnable) -> {
		Thread thread = new Thread(runnable, "cachekit-hot-keys");
		thread.setDaemon(true);
		return thread;
	});

	/**
	 * Creates the sharing.
	 * @param manager the caches, of which those with {@code sharedHotKeys} are shared
	 * @param redisson the client
	 * @param sharedSize how many of its hottest keys each instance adds per interval
	 * @param interval how often they are added
	 * @param window the length of a set's window
	 * @param clock the clock that picks the window
	 */
	public HotKeySharing(CachekitCacheManager manager, RedissonClient redisson, int sharedSize, Duration interval,
			Duration window, Clock clock) {
		this.manager = manager;
		this.redisson = redisson;
		this.sharedSize = sharedSize;
		this.interval = interval;
		this.window = window;
		this.clock = clock;
	}

	@Override
	public void afterSingletonsInstantiated() {
		long millis = this.interval.toMillis();
		this.scheduler.scheduleWithFixedDelay(this::shareAll, millis, millis, TimeUnit.MILLISECONDS);
	}

	/**
	 * Adds this instance's hottest keys of every shared cache now.
	 * @return how many keys were added
	 */
	public int shareAll() {
		int shared = 0;
		for (String name : this.manager.getCacheNames()) {
			CachekitCache cache = this.manager.getCachekitCache(name);
			if (cache != null && cache.getSpec().sharedHotKeys()) {
				shared += share(cache);
			}
		}
		return shared;
	}

	private int share(CachekitCache cache) {
		List<HotKeys.HotKey> top = cache.getHotKeys().top(this.sharedSize);
		if (top.isEmpty()) {
			return 0;
		}
		try {
			String key = key(cache, currentWindow());
			RBatch batch = this.redisson.createBatch();
			RScoredSortedSetAsync<String> set = batch.getScoredSortedSet(key, StringCodec.INSTANCE);
			for (HotKeys.HotKey hot : top) {
				// the highest recent estimate of any instance (ZADD GT): a key that turns hot mid-window enters
				// at its current rate, instead of trailing keys that piled up increments all window
				set.addIfGreaterAsync(hot.reads(), cache.encodeKey(hot.key()));
			}
			set.removeRangeByRankAsync(0, -(4 * this.sharedSize) - 1);
			set.expireAsync(this.window.multipliedBy(2));
			batch.execute();
			return top.size();
		}
		catch (RuntimeException ex) {
			logger.debug("Could not share the hot keys of cache '" + cache.getName() + "'", ex);
			return 0;
		}
	}

	/**
	 * The keys that were hottest across instances, in the current and the previous window.
	 * @param cache the cache
	 * @param limit how many at most
	 * @return the encoded keys, most read first; empty when none were shared or Redis cannot answer
	 */
	public List<String> hotKeys(CachekitCache cache, int limit) {
		long current = currentWindow();
		try {
			RBatch batch = this.redisson.createBatch();
			batch.getScoredSortedSet(key(cache, current), StringCodec.INSTANCE).entryRangeReversedAsync(0, limit - 1);
			batch.getScoredSortedSet(key(cache, current - 1), StringCodec.INSTANCE)
				.entryRangeReversedAsync(0, limit - 1);
			BatchResult<?> result = batch.execute();
			Map<String, Double> reads = new HashMap<>();
			for (Object window : result.getResponses()) {
				for (Object entry : (Collection<?>) window) {
					ScoredEntry<?> scored = (ScoredEntry<?>) entry;
					reads.merge((String) scored.getValue(), scored.getScore(), Double::sum);
				}
			}
			List<Map.Entry<String, Double>> ranked = new ArrayList<>(reads.entrySet());
			ranked.sort(Map.Entry.<String, Double>comparingByValue().reversed());
			return ranked.stream().limit(limit).map(Map.Entry::getKey).toList();
		}
		catch (RuntimeException ex) {
			logger.warn("Could not read the shared hot keys of cache '" + cache.getName() + "'", ex);
			return List.of();
		}
	}

	private long currentWindow() {
		return this.clock.millis() / this.window.toMillis();
	}

	private String key(CachekitCache cache, long window) {
		return this.manager.getRuntime().keys().namespace() + ":~hot:" + cache.getKeySegment() + ":" + window;
	}

	@Override
	public void destroy() {
		this.scheduler.shutdownNow();
	}

}
