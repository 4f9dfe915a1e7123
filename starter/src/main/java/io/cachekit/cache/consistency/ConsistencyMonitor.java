package io.cachekit.cache.consistency;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.cache.Cache.ValueWrapper;

import io.cachekit.cache.CachekitCache;
import io.cachekit.cache.WriteSampler;
import io.cachekit.cache.guard.CacheUnavailableException;

/**
 * Measures how consistent caches are with their source of truth: samples a share of writes (puts,
 * evictions, and so write-behind saves, which evict), and a delay T later reads the key from Redis and from
 * the cache's {@link ConsistencySource}. A key is consistent within T when the cache holds no entry for it
 * (a miss reads the source) or holds one whose version equals the source's. A disagreement is read again
 * a moment later (at most 100 ms, half the check interval) before it counts, since a write may be half
 * done (the source written, the cache not yet). Each inconsistency is logged
 * with its key and both versions; the share of consistent checks is reported per cache. Checks run on one
 * background thread every check interval, so an inconsistency is reported at most T plus one interval
 * (and the confirmation) after its write. Only caches with a source are sampled; without the monitor, writes pay nothing.
 */
public class ConsistencyMonitor implements WriteSampler, SmartInitializingSingleton, DisposableBean {

	private static final Log logger = LogFactory.getLog(ConsistencyMonitor.class);

	/** How long a first disagreement waits to be confirmed, at most. */
	private static final Duration MAX_CONFIRM_DELAY = Duration.ofMillis(100);

	private final Supplier<List<ConsistencySource<?>>> sourceBeans;

	private volatile Map<String, ConsistencySource<?>> sources;

	private volatile boolean started;

	private final double sampleRate;

	private final Duration delay;

	private final Duration checkInterval;

	private final int maxPending;

	private final Clock clock;

	private final Duration confirmDelay;

	private final Queue<Sample> due = new ConcurrentLinkedQueue<>();

	private final AtomicInteger pending = new AtomicInteger();

	private final Map<String, Counts> counts = new ConcurrentHashMap<>();

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((runnable) -> {
		Thread thread = new Thread(runnable, "cachekit-consistency");
		thread.setDaemon(true);
		return thread;
	});

	/**
	 * Creates a monitor.
	 * @param sources the sources of truth, at most one per cache
	 * @param sampleRate the share of writes checked, above 0 and at most 1
	 * @param delay T: how long after a write the cache and the source must agree
	 * @param checkInterval how often due checks run
	 * @param maxPending the most checks waiting at once
	 * @param clock the clock
	 */
	public ConsistencyMonitor(List<ConsistencySource<?>> sources, double sampleRate, Duration delay,
			Duration checkInterval, int maxPending, Clock clock) {
		this(() -> sources, sampleRate, delay, checkInterval, maxPending, clock);
	}

	/**
	 * Creates a monitor whose sources are looked up once every singleton exists, so that a source may depend
	 * on beans that depend on the cache manager, which depends on this monitor.
	 * @param sources supplies the sources of truth, at most one per cache
	 * @param sampleRate the share of writes checked, above 0 and at most 1
	 * @param delay T: how long after a write the cache and the source must agree
	 * @param checkInterval how often due checks run
	 * @param maxPending the most checks waiting at once
	 * @param clock the clock
	 */
	public ConsistencyMonitor(Supplier<List<ConsistencySource<?>>> sources, double sampleRate, Duration delay,
			Duration checkInterval, int maxPending, Clock clock) {
		this.sourceBeans = sources;
		this.sampleRate = sampleRate;
		this.delay = delay;
		this.checkInterval = checkInterval;
		this.maxPending = maxPending;
		this.clock = clock;
		this.confirmDelay = (checkInterval.compareTo(MAX_CONFIRM_DELAY) < 0) ? checkInterval.dividedBy(2)
				: MAX_CONFIRM_DELAY;
	}

	private Map<String, ConsistencySource<?>> sources() {
		Map<String, ConsistencySource<?>> sources = this.sources;
		if (sources == null) {
			synchronized (this) {
				sources = this.sources;
				if (sources == null) {
					sources = new LinkedHashMap<>();
					for (ConsistencySource<?> source : this.sourceBeans.get()) {
						if (sources.putIfAbsent(source.cacheName(), source) != null) {
							throw new IllegalStateException("Two ConsistencySource beans name cache '"
									+ source.cacheName() + "': declare one per cache");
						}
						this.counts.put(source.cacheName(), new Counts());
					}
					sources = Collections.unmodifiableMap(sources);
					this.sources = sources;
				}
			}
		}
		return sources;
	}

	@Override
	public void written(CachekitCache cache, Object key) {
		if (!this.started) {
			// before every singleton exists the sources are not known; writes at startup are not sampled
			return;
		}
		Counts counts = this.counts.get(cache.getName());
		if (counts == null || (this.sampleRate < 1 && ThreadLocalRandom.current().nextDouble() >= this.sampleRate)) {
			return;
		}
		if (this.pending.incrementAndGet() > this.maxPending) {
			this.pending.decrementAndGet();
			counts.dropped.increment();
			return;
		}
		this.due.add(new Sample(cache, key, this.clock.millis() + this.delay.toMillis()));
	}

	@Override
	public void afterSingletonsInstantiated() {
		sources();
		this.started = true;
		long millis = this.checkInterval.toMillis();
		this.scheduler.scheduleWithFixedDelay(this::checkDueQuietly, millis, millis, TimeUnit.MILLISECONDS);
	}

	/** A failure must not end the schedule (an escaping throwable would cancel it). */
	private void checkDueQuietly() {
		try {
			checkDue();
		}
		catch (Throwable ex) {
			logger.warn("Consistency checks failed; they run again at the next interval", ex);
		}
	}

	/**
	 * Checks every sample whose delay has passed, on the calling thread.
	 * @return how many were checked
	 */
	public int checkDue() {
		int checked = 0;
		long now = this.clock.millis();
		List<Sample> suspects = new ArrayList<>();
		Sample sample;
		while ((sample = this.due.peek()) != null && sample.dueAtMillis() <= now) {
			if (this.due.remove(sample)) {
				this.pending.decrementAndGet();
				if (check(sample, false)) {
					suspects.add(sample);
				}
				checked++;
			}
		}
		if (!suspects.isEmpty()) {
			// a write may be half done (the source written, the cache not yet): look again a moment later
			pause(this.confirmDelay);
			suspects.forEach((suspect) -> check(suspect, true));
		}
		return checked;
	}

	/**
	 * Checks one sample.
	 * @return whether it disagreed on a first look and must be confirmed
	 */
	private boolean check(Sample sample, boolean confirming) {
		ConsistencySource<?> source = sources().get(sample.cache().getName());
		Counts counts = this.counts.get(sample.cache().getName());
		try {
			Object[] versions = versions(sample, source);
			if (versions == null) {
				counts.consistent.increment();
				return false;
			}
			if (!confirming) {
				return true;
			}
			counts.inconsistent.increment();
			logger.warn("Cache '" + sample.cache().getName() + "' disagrees with its source " + this.delay
					+ " after a write of key '" + sample.key() + "': cached version " + versions[0]
					+ ", source version " + versions[1]);
		}
		catch (CacheUnavailableException ex) {
			counts.unchecked.increment();
		}
		catch (RuntimeException ex) {
			counts.unchecked.increment();
			logger.debug("Could not check key '" + sample.key() + "' of cache '" + sample.cache().getName() + "'", ex);
		}
		return false;
	}

	private static void pause(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Reads the key from Redis and from the source.
	 * @return {@code null} if consistent (no entry, or equal versions), else the cached and the source version
	 */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static Object[] versions(Sample sample, ConsistencySource source) {
		ValueWrapper cached = sample.cache().peek(sample.key(), source.valueType());
		if (cached == null) {
			// no entry: the next read loads from the source
			return null;
		}
		Object truth = source.read(sample.key());
		Object cachedVersion = (cached.get() != null) ? source.version(cached.get()) : null;
		Object sourceVersion = (truth != null) ? source.version(truth) : null;
		return Objects.equals(cachedVersion, sourceVersion) ? null : new Object[] { cachedVersion, sourceVersion };
	}

	/**
	 * What was measured for one cache.
	 * @param cacheName the cache
	 * @return the report, or {@code null} if the cache has no source
	 */
	public Report report(String cacheName) {
		sources();
		Counts counts = this.counts.get(cacheName);
		return (counts != null) ? new Report(counts.consistent.sum(), counts.inconsistent.sum(),
				counts.unchecked.sum(), counts.dropped.sum(), this.delay) : null;
	}

	/**
	 * The caches that have a source of truth.
	 * @return the cache names
	 */
	public Set<String> cacheNames() {
		return sources().keySet();
	}

	@Override
	public void destroy() {
		this.scheduler.shutdownNow();
	}

	/**
	 * The checks of one cache.
	 *
	 * @param consistent keys that agreed with the source (or were not cached) T after their write
	 * @param inconsistent keys whose cached version differed from the source's
	 * @param unchecked samples that could not be checked (Redis or the source failed)
	 * @param dropped samples not taken because too many checks were waiting
	 * @param within T
	 */
	public record Report(long consistent, long inconsistent, long unchecked, long dropped, Duration within) {

		/** @return the checks that ran */
		public long checked() {
			return this.consistent + this.inconsistent;
		}

		/**
		 * The share of checks that were consistent: not a number while none ran, so that a monitor that checks
		 * nothing (every sample unchecked or dropped) never reads as 100 %.
		 * @return the ratio, {@code NaN} when no check ran
		 */
		public double ratio() {
			return (checked() == 0) ? Double.NaN : (double) this.consistent / checked();
		}

		/** @return the ratio as nines (0.999 is 3), infinite when every check was consistent, NaN when none ran */
		public double nines() {
			return -Math.log10(1 - ratio());
		}

	}

	private record Sample(CachekitCache cache, Object key, long dueAtMillis) {
	}

	private static final class Counts {

		private final LongAdder consistent = new LongAdder();

		private final LongAdder inconsistent = new LongAdder();

		private final LongAdder unchecked = new LongAdder();

		private final LongAdder dropped = new LongAdder();

	}

}
