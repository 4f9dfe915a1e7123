package io.cachekit.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

import io.cachekit.writebehind.WriteBehindVersions;

/**
 * Settings of write-behind publishing ({@code cachekit.write-behind.*}).
 */
@ConfigurationProperties("cachekit.write-behind")
public class WriteBehindProperties {

	private static final String PREFIX = "cachekit.write-behind.";

	/**
	 * Whether write-behind publishing is enabled.
	 */
	private boolean enabled = true;

	/**
	 * Kafka topic that carries write-behind updates; the worker consumes it.
	 */
	private String topic = "cachekit.write-behind";

	/**
	 * Caches that are written behind: their misses look for saves the worker has not persisted yet. Caches of
	 * {@code @WriteBehind} methods are added by themselves; every other cache skips that lookup.
	 */
	private List<String> caches = new ArrayList<>();

	/**
	 * Name recorded as the origin of each update. Defaults to spring.application.name.
	 */
	private String origin;

	/**
	 * Prefix of the Redis keys holding write-behind entries.
	 */
	private String keyPrefix = "cachekit:wb";

	/**
	 * Epoch of update versions, 0 to 32767. Versions are Kafka offsets above the epoch: raise it after
	 * changing the topic's partition count or recreating the topic, so that later versions stay above
	 * earlier ones.
	 */
	private int versionEpoch;

	/**
	 * Kafka producer limits.
	 */
	private final Producer producer = new Producer();

	/**
	 * Cache entry lifetimes.
	 */
	private final Cache cache = new Cache();

	public List<String> getCaches() {
		return this.caches;
	}

	public void setCaches(List<String> caches) {
		this.caches = caches;
	}

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getTopic() {
		return this.topic;
	}

	public void setTopic(String topic) {
		if (topic == null || !topic.matches("[A-Za-z0-9._-]{1,249}")) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "topic", topic,
					"A Kafka topic name is 1 to 249 letters, digits, '.', '_' or '-'.");
		}
		this.topic = topic;
	}

	public String getOrigin() {
		return this.origin;
	}

	public void setOrigin(String origin) {
		this.origin = origin;
	}

	public String getKeyPrefix() {
		return this.keyPrefix;
	}

	public void setKeyPrefix(String keyPrefix) {
		if (keyPrefix == null || keyPrefix.isBlank()) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "key-prefix", keyPrefix,
					"The key prefix must not be blank.");
		}
		this.keyPrefix = keyPrefix;
	}

	public int getVersionEpoch() {
		return this.versionEpoch;
	}

	public void setVersionEpoch(int versionEpoch) {
		if (versionEpoch < 0 || versionEpoch > WriteBehindVersions.MAX_EPOCH) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "version-epoch", versionEpoch,
					"The epoch must be between 0 and " + WriteBehindVersions.MAX_EPOCH + ".");
		}
		this.versionEpoch = versionEpoch;
	}

	public Producer getProducer() {
		return this.producer;
	}

	public Cache getCache() {
		return this.cache;
	}

	static Duration positive(String property, Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + property, value, "It must be positive.");
		}
		return value;
	}

	/**
	 * Limits of the write-behind Kafka producer. Durability settings (idempotence, {@code acks=all}) are not
	 * configurable.
	 */
	public static class Producer {

		/**
		 * Longest a save waits for the broker's acknowledgement, retries included (delivery.timeout.ms).
		 */
		private Duration ackTimeout = Duration.ofSeconds(10);

		/**
		 * Longest a save waits for topic metadata or buffer space before failing fast (max.block.ms).
		 */
		private Duration maxBlock = Duration.ofSeconds(2);

		public Duration getAckTimeout() {
			return this.ackTimeout;
		}

		public void setAckTimeout(Duration ackTimeout) {
			this.ackTimeout = positive("producer.ack-timeout", ackTimeout);
			if (ackTimeout.toMillis() < 100) {
				throw new InvalidConfigurationPropertyValueException(PREFIX + "producer.ack-timeout", ackTimeout,
						"It must be at least 100ms.");
			}
		}

		public Duration getMaxBlock() {
			return this.maxBlock;
		}

		public void setMaxBlock(Duration maxBlock) {
			this.maxBlock = positive("producer.max-block", maxBlock);
		}

	}

	/**
	 * Lifetimes of write-behind cache entries.
	 */
	public static class Cache {

		/**
		 * Safety-net expiry of an entry the worker has not persisted yet; 0 keeps it until persisted.
		 */
		private Duration pinnedTtl = Duration.ofDays(7);

		/**
		 * Expiry of an entry once the worker has persisted it.
		 */
		private Duration persistedTtl = Duration.ofMinutes(10);

		/**
		 * Whether cachekit caches serve a pinned write-behind entry on a miss of the same cache name and key
		 * instead of loading older data from the database, and whether a save drops their copy of the key.
		 */
		private boolean serveToCaches = true;

		public boolean isServeToCaches() {
			return this.serveToCaches;
		}

		public void setServeToCaches(boolean serveToCaches) {
			this.serveToCaches = serveToCaches;
		}

		public Duration getPinnedTtl() {
			return this.pinnedTtl;
		}

		public void setPinnedTtl(Duration pinnedTtl) {
			if (pinnedTtl == null || pinnedTtl.isNegative()) {
				throw new InvalidConfigurationPropertyValueException(PREFIX + "cache.pinned-ttl", pinnedTtl,
						"It must be zero (no expiry) or positive.");
			}
			this.pinnedTtl = pinnedTtl;
		}

		public Duration getPersistedTtl() {
			return this.persistedTtl;
		}

		public void setPersistedTtl(Duration persistedTtl) {
			this.persistedTtl = positive("cache.persisted-ttl", persistedTtl);
		}

	}

}
