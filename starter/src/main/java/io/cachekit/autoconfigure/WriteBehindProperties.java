package io.cachekit.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

import io.cachekit.writebehind.envelope.WriteBehindVersions;

/**
 * Settings of write-behind publishing ({@code cachekit.write-behind.*}). Entries are
 * {@code {<namespace>:<type>:<id>}~wb} and updates travel on {@code <namespace>.write-behind} unless {@code topic} says
 * otherwise ({@code cachekit.namespace}). Checked once bound: a bad value fails startup naming the property.
 */
@ConfigurationProperties("cachekit.write-behind")
public class WriteBehindProperties implements Validator {

	/**
	 * Whether write-behind publishing is enabled.
	 */
	private boolean enabled = true;

	/**
	 * Kafka topic that carries write-behind updates; the worker consumes it. Defaults to
	 * "<namespace>.write-behind".
	 */
	private String topic;

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
		this.topic = topic;
	}

	public List<String> getCaches() {
		return this.caches;
	}

	public void setCaches(List<String> caches) {
		this.caches = caches;
	}

	public String getOrigin() {
		return this.origin;
	}

	public void setOrigin(String origin) {
		this.origin = origin;
	}

	public int getVersionEpoch() {
		return this.versionEpoch;
	}

	public void setVersionEpoch(int versionEpoch) {
		this.versionEpoch = versionEpoch;
	}

	public Producer getProducer() {
		return this.producer;
	}

	public Cache getCache() {
		return this.cache;
	}

	@Override
	public boolean supports(Class<?> type) {
		return WriteBehindProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		PropertyRules rules = new PropertyRules(errors, "cachekit.write-behind.");
		if (this.topic != null) {
			rules.require(this.topic.matches("[A-Za-z0-9._-]{1,249}"), "topic", this.topic,
					"A Kafka topic name is 1 to 249 letters, digits, '.', '_' or '-'.");
		}
		rules.require(this.versionEpoch >= 0 && this.versionEpoch <= WriteBehindVersions.MAX_EPOCH, "version-epoch",
				this.versionEpoch, "The epoch must be between 0 and " + WriteBehindVersions.MAX_EPOCH + ".");
		rules.positive("producer.ack-timeout", this.producer.ackTimeout, "It must be at least 100ms.");
		if (this.producer.ackTimeout != null) {
			rules.require(this.producer.ackTimeout.toMillis() >= 100, "producer.ack-timeout", this.producer.ackTimeout,
					"It must be at least 100ms.");
		}
		rules.positive("producer.max-block", this.producer.maxBlock, "It must be positive.");
		rules.positive("cache.pinned-ttl", this.cache.pinnedTtl,
				"It must be positive: every key cachekit writes expires, and the worker unpins long before.");
		rules.positive("cache.persisted-ttl", this.cache.persistedTtl, "It must be positive.");
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
			this.ackTimeout = ackTimeout;
		}

		public Duration getMaxBlock() {
			return this.maxBlock;
		}

		public void setMaxBlock(Duration maxBlock) {
			this.maxBlock = maxBlock;
		}

	}

	/**
	 * Lifetimes of write-behind cache entries.
	 */
	public static class Cache {

		/**
		 * Safety-net expiry of an entry the worker has not persisted yet. Must be positive and much longer
		 * than the worker's lag.
		 */
		private Duration pinnedTtl = Duration.ofDays(7);

		/**
		 * Expiry of an entry once the worker has persisted it, and of the version-only marker an eviction leaves
		 * (a pin of that version arriving within this time is refused).
		 */
		private Duration persistedTtl = Duration.ofMinutes(10);

		/**
		 * Whether cachekit caches serve a pinned write-behind entry on a miss of the same cache name and key
		 * instead of loading older data from the database, and whether a save drops their copy of the key.
		 */
		private boolean serveToCaches = true;

		public Duration getPinnedTtl() {
			return this.pinnedTtl;
		}

		public void setPinnedTtl(Duration pinnedTtl) {
			this.pinnedTtl = pinnedTtl;
		}

		public Duration getPersistedTtl() {
			return this.persistedTtl;
		}

		public void setPersistedTtl(Duration persistedTtl) {
			this.persistedTtl = persistedTtl;
		}

		public boolean isServeToCaches() {
			return this.serveToCaches;
		}

		public void setServeToCaches(boolean serveToCaches) {
			this.serveToCaches = serveToCaches;
		}

	}

}
