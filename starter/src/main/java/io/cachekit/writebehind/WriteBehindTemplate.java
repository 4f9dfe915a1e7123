package io.cachekit.writebehind;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.JsonNode;

import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;

import io.cachekit.cache.CachekitCache;
import io.cachekit.resilience.CachekitResilience;
import io.cachekit.resilience.RedisDeadline;
import io.cachekit.resilience.ThrottledLogger;
import io.cachekit.writebehind.envelope.InvalidEnvelopeException;
import io.cachekit.writebehind.envelope.WriteBehindEnvelope;
import io.cachekit.writebehind.envelope.WriteBehindEnvelopeCodec;
import io.cachekit.writebehind.envelope.WriteBehindVersions;
import io.cachekit.writebehind.pending.WriteBehindCache;

/**
 * Saves entities write-behind: the programmatic twin of {@link WriteBehind @WriteBehind}. A save publishes
 * the update to Kafka and waits for the acknowledgement, which gives it its version (the record's offset,
 * {@link WriteBehindVersions}), and only then updates the cache entry, pinned until a worker has persisted
 * it. When {@code save} returns, the update is durable and ordered; when it throws
 * {@link WriteBehindUnavailableException}, the cache was not touched (the record may still have been appended
 * when the acknowledgement timed out: the outcome is unknown, not negative). Nothing in the order of updates depends
 * on Redis: if Redis loses the pin, reads see the previous value until the worker has persisted this one.
 */
public class WriteBehindTemplate {

	private static final Log logger = LogFactory.getLog(WriteBehindTemplate.class);

	private final EnvelopePublisher publisher;

	private final WriteBehindCache cache;

	private final WrittenBehindCaches writtenBehind;

	private final WriteBehindEnvelopeCodec codec;

	private final String origin;

	private final Clock clock;

	private final Supplier<CacheManager> cacheManager;

	private final CircuitBreaker breaker;

	private final ThrottledLogger log;

	/**
	 * Creates a template.
	 * @param publisher makes updates durable and assigns their versions
	 * @param cache holds the pinned entries
	 * @param codec converts values to JSON
	 * @param origin the name recorded as each update's origin
	 * @param clock the clock that timestamps updates
	 */
	public WriteBehindTemplate(EnvelopePublisher publisher, WriteBehindCache cache, WriteBehindEnvelopeCodec codec,
			String origin, Clock clock) {
		this(publisher, cache, codec, origin, clock, () -> null);
	}

	/**
	 * Creates a template that also drops the cached copy of each saved key from the application's cache
	 * manager (the cache named after the type), so that a {@code @Cacheable} read of that key is not served
	 * the value from before the save.
	 * @param publisher makes updates durable and assigns their versions
	 * @param cache holds the pinned entries
	 * @param codec converts values to JSON
	 * @param origin the name recorded as each update's origin
	 * @param clock the clock that timestamps updates
	 * @param cacheManager supplies the cache manager, or {@code null} when there is none
	 */
	public WriteBehindTemplate(EnvelopePublisher publisher, WriteBehindCache cache, WriteBehindEnvelopeCodec codec,
			String origin, Clock clock, Supplier<CacheManager> cacheManager) {
		this(publisher, cache, codec, origin, clock, cacheManager, CachekitResilience.withDefaults());
	}

	/**
	 * Creates a template whose Redis side (the pin) is guarded by the {@link CachekitResilience#WRITE_BEHIND}
	 * circuit breaker: while Redis keeps failing, saves are still made durable and acknowledged, without
	 * waiting for the pin.
	 * @param publisher makes updates durable and assigns their versions
	 * @param cache holds the pinned entries
	 * @param codec converts values to JSON
	 * @param origin the name recorded as each update's origin
	 * @param clock the clock that timestamps updates
	 * @param cacheManager supplies the cache manager, or {@code null} when there is none
	 * @param resilience the registry of circuit breakers
	 */
	public WriteBehindTemplate(EnvelopePublisher publisher, WriteBehindCache cache, WriteBehindEnvelopeCodec codec,
			String origin, Clock clock, Supplier<CacheManager> cacheManager, CachekitResilience resilience) {
		this(publisher, cache, codec, origin, clock, cacheManager, resilience, new WrittenBehindCaches(List.of()));
	}

	/**
	 * Creates a template as above that also registers the type of every save in {@link WrittenBehindCaches},
	 * so that the misses of its cache look for pending saves.
	 * @param publisher makes updates durable and assigns their versions
	 * @param cache holds the pinned entries
	 * @param codec converts values to JSON
	 * @param origin the name recorded as each update's origin
	 * @param clock the clock that timestamps updates
	 * @param cacheManager supplies the cache manager, or {@code null} when there is none
	 * @param resilience the registry of circuit breakers
	 * @param writtenBehind the caches that are written behind
	 */
	public WriteBehindTemplate(EnvelopePublisher publisher, WriteBehindCache cache, WriteBehindEnvelopeCodec codec,
			String origin, Clock clock, Supplier<CacheManager> cacheManager, CachekitResilience resilience,
			WrittenBehindCaches writtenBehind) {
		this.writtenBehind = writtenBehind;
		this.breaker = resilience.breaker(CachekitResilience.WRITE_BEHIND);
		this.log = resilience.log(CachekitResilience.WRITE_BEHIND);
		this.cacheManager = cacheManager;
		this.publisher = publisher;
		this.cache = cache;
		this.codec = codec;
		this.origin = origin;
		this.clock = clock;
	}

	/**
	 * Saves an entity write-behind.
	 * @param type the entity type: the cache name and the MongoDB collection
	 * @param id the entity id
	 * @param value the entity; must serialize to a JSON object
	 * @return the version of this update, greater than that of every update of the key acknowledged before
	 * @throws WriteBehindUnavailableException if Kafka did not acknowledge the update in time
	 * @throws IllegalArgumentException if the type, id or value is invalid
	 */
	public long save(String type, String id, Object value) {
		JsonNode payload = this.codec.toPayload(value);
		WriteBehindEnvelope envelope = new WriteBehindEnvelope(type, id, 0, this.clock.millis(),
				WriteBehindEnvelope.CURRENT_SCHEMA_VERSION, this.origin, payload);
		try {
			WriteBehindEnvelopeCodec.validate(envelope);
		}
		catch (InvalidEnvelopeException ex) {
			throw new IllegalArgumentException(ex.getMessage(), ex);
		}
		// before the pin: from then on, misses of this instance look for it
		this.writtenBehind.saved(type);
		long version = this.publisher.publish(envelope);
		Cache copies = cachedCopies(type);
		CachekitCache kit = (copies instanceof CachekitCache cachekit) ? cachekit : null;
		boolean droppedInRedis = pin(type, id, version, payload.toString(), kit);
		if (copies != null) {
			evictCachedCopy(copies, droppedInRedis, type, id);
		}
		return version;
	}

	/**
	 * Pins the saved value and, with a cachekit cache of the same name, drops its cached copy in the same
	 * round trip. A failure costs the save nothing but read-your-writes: the update is durable and ordered, the
	 * worker persists it, and when it finds the pin missing it evicts any copy cached meanwhile.
	 * @return whether the cached copy was dropped in Redis with the pin
	 */
	private boolean pin(String type, String id, long version, String json, CachekitCache copies) {
		boolean permitted = this.breaker.tryAcquirePermission();
		if (permitted && RedisDeadline.isExceeded()) {
			// the request spent its Redis budget: skip the pin without counting it against Redis
			this.breaker.releasePermission();
			permitted = false;
		}
		if (!permitted) {
			this.log.warn("pin-skipped", "Write-behind updates are durable but not pinned in the cache while "
					+ "Redis is failing; reads may see older values until the worker persists them", null);
			return false;
		}
		long start = System.nanoTime();
		try {
			boolean dropped;
			if (copies != null) {
				dropped = this.cache.pinDroppingCachedCopy(type, id, version, json, copies.storeKey(id))
					.cachedCopyDropped();
			}
			else {
				this.cache.pin(type, id, version, json);
				dropped = false;
			}
			this.breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
			return dropped;
		}
		catch (RuntimeException ex) {
			this.breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, ex);
			evictQuietly(type, id, version);
			this.log.warn("pin-failed", "Write-behind update " + type + " '" + id + "' v" + version
					+ " is durable but its cache entry could not be written", ex);
			return false;
		}
	}

	private Cache cachedCopies(String type) {
		try {
			CacheManager manager = this.cacheManager.get();
			return (manager != null) ? manager.getCache(type) : null;
		}
		catch (RuntimeException ex) {
			logger.warn("Write-behind update " + type + " is durable but the cache of its cached copies could not "
					+ "be found", ex);
			return null;
		}
	}

	/**
	 * Evicts the cached copy after the pin: a load that starts now finds the pinned value, one in flight loses
	 * its lease. Where the pin's script already dropped the copy in Redis, only the near copies are left to drop.
	 */
	private void evictCachedCopy(Cache copies, boolean droppedInRedis, String type, String id) {
		try {
			if (droppedInRedis) {
				((CachekitCache) copies).evictedInRedis(id);
			}
			else {
				copies.evict(id);
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Write-behind update " + type + " '" + id + "' is durable but the cached copy of the key "
					+ "could not be evicted", ex);
		}
	}

	private void evictQuietly(String type, String id, long version) {
		if (RedisDeadline.isExceeded()) {
			return;
		}
		try {
			this.cache.evict(type, id, version);
		}
		catch (RuntimeException ex) {
			logger.debug("Could not evict " + type + " '" + id + "'", ex);
		}
	}

}
