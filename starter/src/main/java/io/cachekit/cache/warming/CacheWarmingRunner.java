package io.cachekit.cache.warming;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.redisson.api.RLock;
import org.redisson.api.RedissonClient;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

import io.cachekit.cache.CachekitCache;
import io.cachekit.cache.CachekitCacheManager;

/**
 * Runs every {@link CacheWarmer} once the application is ready and then at a fixed delay, in the
 * background. Each run of a warmer holds a Redisson lock named after its cache, so one instance warms a
 * cache at a time; instances that do not get the lock skip that run.
 */
public class CacheWarmingRunner implements ApplicationListener<ApplicationReadyEvent>, DisposableBean {

	private static final Log logger = LogFactory.getLog(CacheWarmingRunner.class);

	private final CachekitCacheManager manager;

	private final RedissonClient redisson;

	private final List<CacheWarmer> warmers;

	private final Duration interval;

	private final double refreshBelow;

	private final HotKeySharing hotKeys;

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((runnable) -> {
		Thread thread = new Thread(runnable, "cachekit-warming");
		thread.setDaemon(true);
		return thread;
	});

	/**
	 * Creates the runner.
	 * @param manager the cache manager
	 * @param redisson the client the locks are taken with
	 * @param warmers the warmers
	 * @param interval the delay between runs
	 * @param refreshBelow the fraction of its TTL an entry must have left to be skipped
	 * @param hotKeys the shared hot keys warmers may start from, {@code null} when none are shared
	 */
	public CacheWarmingRunner(CachekitCacheManager manager, RedissonClient redisson, List<CacheWarmer> warmers,
			Duration interval, double refreshBelow, HotKeySharing hotKeys) {
		this.hotKeys = hotKeys;
		this.manager = manager;
		this.redisson = redisson;
		this.warmers = List.copyOf(warmers);
		this.interval = interval;
		this.refreshBelow = refreshBelow;
	}

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		if (!this.warmers.isEmpty()) {
			this.scheduler.scheduleWithFixedDelay(this::runAll, 0, this.interval.toMillis(), TimeUnit.MILLISECONDS);
		}
	}

	/**
	 * Runs every warmer once now, on the calling thread.
	 * @return how many entries were loaded
	 */
	public int runAll() {
		int loaded = 0;
		for (CacheWarmer warmer : this.warmers) {
			loaded += run(warmer);
		}
		return loaded;
	}

	private int run(CacheWarmer warmer) {
		String cacheName = warmer.cacheName();
		CachekitCache cache = this.manager.getCachekitCache(cacheName);
		if (cache == null) {
			logger.warn("Cache warmer " + warmer.getClass().getName() + " names the unknown cache '" + cacheName + "'");
			return 0;
		}
		RLock lock = this.redisson.getLock(this.manager.getRuntime().keys().namespace() + ":~warming:"
				+ cache.getKeySegment());
		try {
			if (!lock.tryLock()) {
				logger.debug("Cache '" + cacheName + "' is being warmed by another instance");
				return 0;
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Could not take the warming lock of cache '" + cacheName + "'; skipping this run", ex);
			return 0;
		}
		AtomicInteger loaded = new AtomicInteger();
		AtomicInteger skipped = new AtomicInteger();
		try {
			warmer.warm(new CacheWarming() {

				@Override
				public boolean warm(Object key, Callable<?> loader) {
					boolean stored = cache.warm(key, loader, CacheWarmingRunner.this.refreshBelow);
					(stored ? loaded : skipped).incrementAndGet();
					return stored;
				}

				@Override
				public List<String> hotKeys(int limit) {
					HotKeySharing sharing = CacheWarmingRunner.this.hotKeys;
					return (sharing != null) ? sharing.hotKeys(cache, limit) : List.of();
				}

			});
			logger.info("Warmed cache '" + cacheName + "': " + loaded + " entries loaded, " + skipped
					+ " fresh or loaded elsewhere");
		}
		catch (Exception ex) {
			logger.warn("Cache warmer for cache '" + cacheName + "' failed after loading " + loaded + " entries", ex);
		}
		finally {
			try {
				lock.unlock();
			}
			catch (RuntimeException ex) {
				logger.debug("Could not release the warming lock of cache '" + cacheName + "'", ex);
			}
		}
		return loaded.get();
	}

	@Override
	public void destroy() {
		this.scheduler.shutdownNow();
	}

}
