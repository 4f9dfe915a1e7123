package io.cachekit.writebehind;

import java.time.Clock;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.JsonNode;

import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;

/**
 * Saves entities write-behind: the programmatic twin of {@link WriteBehind @WriteBehind}. A save assigns the
 * key's next version, publishes the update to Kafka and waits for the acknowledgement, and only then
 * updates the cache entry, pinned until a worker has persisted it. When {@code save} returns, the update
 * is durable; when it throws {@link WriteBehindUnavailableException}, the cache was not touched.
 */
public class WriteBehindTemplate {

	private static final Log logger = LogFactory.getLog(WriteBehindTemplate.class);

	private final VersionSequence versions;

	private final EnvelopePublisher publisher;

	private final WriteBehindCache cache;

	private final WriteBehindEnvelopeCodec codec;

	private final String origin;

	private final Clock clock;

	private final Supplier<CacheManager> cacheManager;

	/**
	 * Creates a template.
	 * @param versions hands out versions
	 * @param publisher makes updates durable
	 * @param cache holds the pinned entries
	 * @param codec converts values to JSON
	 * @param origin the name recorded as each update's origin
	 * @param clock the clock that timestamps updates
	 */
	public WriteBehindTemplate(VersionSequence versions, EnvelopePublisher publisher, WriteBehindCache cache,
			WriteBehindEnvelopeCodec codec, String origin, Clock clock) {
		this(versions, publisher, cache, codec, origin, clock, () -> null);
	}

	/**
	 * Creates a template that also drops the cached copy of each saved key from the application's cache
	 * manager (the cache named after the type), so that a {@code @Cacheable} read of that key is not served
	 * the value from before the save.
	 * @param versions hands out versions
	 * @param publisher makes updates durable
	 * @param cache holds the pinned entries
	 * @param codec converts values to JSON
	 * @param origin the name recorded as each update's origin
	 * @param clock the clock that timestamps updates
	 * @param cacheManager supplies the cache manager, or {@code null} when there is none
	 */
	public WriteBehindTemplate(VersionSequence versions, EnvelopePublisher publisher, WriteBehindCache cache,
			WriteBehindEnvelopeCodec codec, String origin, Clock clock, Supplier<CacheManager> cacheManager) {
		this.cacheManager = cacheManager;
		this.versions = versions;
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
	 * @return the version assigned to this update
	 * @throws WriteBehindUnavailableException if Kafka did not acknowledge the update in time
	 * @throws IllegalArgumentException if the type, id or value is invalid
	 */
	public long save(String type, String id, Object value) {
		JsonNode payload = this.codec.toPayload(value);
		long version = this.versions.next(type, id);
		WriteBehindEnvelope envelope = new WriteBehindEnvelope(type, id, version, this.clock.millis(),
				WriteBehindEnvelope.CURRENT_SCHEMA_VERSION, this.origin, payload);
		try {
			WriteBehindEnvelopeCodec.validate(envelope);
		}
		catch (InvalidEnvelopeException ex) {
			throw new IllegalArgumentException(ex.getMessage(), ex);
		}
		this.publisher.publish(envelope);
		try {
			this.cache.pin(type, id, version, payload.toString());
		}
		catch (RuntimeException ex) {
			// The update is durable; the worker persists it and a miss loads it from MongoDB.
			evictQuietly(type, id, version);
			logger.warn("Write-behind update " + type + " '" + id + "' v" + version
					+ " is durable but its cache entry could not be written", ex);
		}
		// after the pin: a load that starts now finds the pinned value, one in flight loses its lease
		evictCachedCopy(type, id);
		return version;
	}

	private void evictCachedCopy(String type, String id) {
		try {
			CacheManager manager = this.cacheManager.get();
			Cache copies = (manager != null) ? manager.getCache(type) : null;
			if (copies != null) {
				copies.evict(id);
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Write-behind update " + type + " '" + id + "' is durable but the cached copy of the key "
					+ "could not be evicted", ex);
		}
	}

	private void evictQuietly(String type, String id, long version) {
		try {
			this.cache.evict(type, id, version);
		}
		catch (RuntimeException ex) {
			logger.debug("Could not evict " + type + " '" + id + "'", ex);
		}
	}

}
