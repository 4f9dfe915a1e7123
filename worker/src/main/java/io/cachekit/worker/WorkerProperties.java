package io.cachekit.worker;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.mongodb.WriteConcern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Settings of the write-behind worker ({@code cachekit.worker.*}).
 */
@ConfigurationProperties("cachekit.worker")
public class WorkerProperties {

	/**
	 * Topic the publishers write to.
	 */
	private String topic = "cachekit.write-behind";

	/**
	 * Topic that receives records that cannot be persisted. Defaults to the topic name plus ".dlt".
	 */
	private String deadLetterTopic;

	/**
	 * Consumer group shared by every worker instance; run more instances to scale out.
	 */
	private String groupId = "cachekit-worker";

	/**
	 * Partitions of the topics the worker creates when they do not exist.
	 */
	private int partitions = 12;

	/**
	 * Most records handed to one batch.
	 */
	private int maxBatchSize = 1000;

	/**
	 * Longest a consumer may go between polls before the group considers it dead (max.poll.interval.ms).
	 */
	private Duration maxPollInterval = Duration.ofMinutes(5);

	/**
	 * Longest a MongoDB read of a reply may block (socket timeout), so that a half-open connection fails the
	 * batch, which is then retried, instead of hanging it past the poll interval. Must be shorter than
	 * max-poll-interval.
	 */
	private Duration mongoSocketTimeout = Duration.ofSeconds(30);

	/**
	 * Whether the replay-dead-letters profile exits the process once the replay is done.
	 */
	private boolean exitAfterReplay = true;

	/**
	 * MongoDB write concern of the batch writes.
	 */
	private final WriteConcernSettings writeConcern = new WriteConcernSettings();

	/**
	 * Cache namespace of the applications that cache written-behind entities with cachekit (their
	 * cachekit.cache.namespace or spring.application.name). When set, the worker evicts an application's
	 * cached copy of a key after persisting a version whose pin Redis had lost, so that a value cached from
	 * MongoDB meanwhile does not outlive the persisted one.
	 */
	private String cacheNamespace;

	/**
	 * Back-off between attempts when MongoDB fails; retries never give up.
	 */
	private final Retry retry = new Retry();

	public String getTopic() {
		return this.topic;
	}

	public void setTopic(String topic) {
		this.topic = topicName("topic", topic);
	}

	public String getDeadLetterTopic() {
		return (this.deadLetterTopic != null) ? this.deadLetterTopic : this.topic + ".dlt";
	}

	public void setDeadLetterTopic(String deadLetterTopic) {
		this.deadLetterTopic = topicName("dead-letter-topic", deadLetterTopic);
	}

	public String getGroupId() {
		return this.groupId;
	}

	public void setGroupId(String groupId) {
		if (groupId == null || groupId.isBlank()) {
			throw new InvalidConfigurationPropertyValueException("cachekit.worker.group-id", groupId,
					"The consumer group must not be blank.");
		}
		this.groupId = groupId;
	}

	public int getPartitions() {
		return this.partitions;
	}

	public void setPartitions(int partitions) {
		if (partitions < 1) {
			throw new InvalidConfigurationPropertyValueException("cachekit.worker.partitions", partitions,
					"It must be at least 1.");
		}
		this.partitions = partitions;
	}

	public int getMaxBatchSize() {
		return this.maxBatchSize;
	}

	public void setMaxBatchSize(int maxBatchSize) {
		if (maxBatchSize < 1) {
			throw new InvalidConfigurationPropertyValueException("cachekit.worker.max-batch-size", maxBatchSize,
					"It must be at least 1.");
		}
		this.maxBatchSize = maxBatchSize;
	}

	public Duration getMaxPollInterval() {
		return this.maxPollInterval;
	}

	public void setMaxPollInterval(Duration maxPollInterval) {
		this.maxPollInterval = positive("max-poll-interval", maxPollInterval);
	}

	public boolean isExitAfterReplay() {
		return this.exitAfterReplay;
	}

	public void setExitAfterReplay(boolean exitAfterReplay) {
		this.exitAfterReplay = exitAfterReplay;
	}

	public String getCacheNamespace() {
		return this.cacheNamespace;
	}

	public void setCacheNamespace(String cacheNamespace) {
		this.cacheNamespace = cacheNamespace;
	}

	public WriteConcernSettings getWriteConcern() {
		return this.writeConcern;
	}

	public Retry getRetry() {
		return this.retry;
	}

	public Duration getMongoSocketTimeout() {
		return this.mongoSocketTimeout;
	}

	public void setMongoSocketTimeout(Duration mongoSocketTimeout) {
		if (mongoSocketTimeout == null || mongoSocketTimeout.isNegative() || mongoSocketTimeout.isZero()) {
			throw new InvalidConfigurationPropertyValueException("cachekit.worker.mongo-socket-timeout",
					mongoSocketTimeout, "It must be a positive duration shorter than max-poll-interval, e.g. 30s.");
		}
		this.mongoSocketTimeout = mongoSocketTimeout;
	}

	private static String topicName(String property, String topic) {
		if (topic == null || !topic.matches("[A-Za-z0-9._-]{1,249}")) {
			throw new InvalidConfigurationPropertyValueException("cachekit.worker." + property, topic,
					"A Kafka topic name is 1 to 249 letters, digits, '.', '_' or '-'.");
		}
		return topic;
	}

	static Duration positive(String property, Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new InvalidConfigurationPropertyValueException("cachekit.worker." + property, value,
					"It must be positive.");
		}
		return value;
	}

	/**
	 * MongoDB write concern of the worker's writes.
	 */
	public static class WriteConcernSettings {

		/**
		 * Acknowledgement required: "majority" or a number of members.
		 */
		private String w = "majority";

		/**
		 * Whether writes must reach the journal before they count as written.
		 */
		private boolean journal = true;

		/**
		 * Longest MongoDB may take to satisfy the write concern (wtimeout).
		 */
		private Duration timeout = Duration.ofSeconds(10);

		public String getW() {
			return this.w;
		}

		public void setW(String w) {
			if (w == null || !(w.equals("majority") || w.matches("[1-9][0-9]{0,1}"))) {
				throw new InvalidConfigurationPropertyValueException("cachekit.worker.write-concern.w", w,
						"Use 'majority' or a number of members from 1 to 99 (0 would not wait for the write).");
			}
			this.w = w;
		}

		public boolean isJournal() {
			return this.journal;
		}

		public void setJournal(boolean journal) {
			this.journal = journal;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = positive("write-concern.timeout", timeout);
		}

		/**
		 * The driver's write concern for these settings.
		 * @return the write concern
		 */
		public WriteConcern toWriteConcern() {
			WriteConcern concern = this.w.equals("majority") ? WriteConcern.MAJORITY
					: new WriteConcern(Integer.parseInt(this.w));
			return concern.withJournal(this.journal)
				.withWTimeout(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}

	}

	/**
	 * Exponential back-off of batch retries.
	 */
	public static class Retry {

		/**
		 * Wait before the first retry.
		 */
		private Duration initialInterval = Duration.ofMillis(200);

		/**
		 * Factor applied to the wait after each failed attempt.
		 */
		private double multiplier = 2.0;

		/**
		 * Longest wait between attempts.
		 */
		private Duration maxInterval = Duration.ofSeconds(10);

		public Duration getInitialInterval() {
			return this.initialInterval;
		}

		public void setInitialInterval(Duration initialInterval) {
			this.initialInterval = positive("retry.initial-interval", initialInterval);
		}

		public double getMultiplier() {
			return this.multiplier;
		}

		public void setMultiplier(double multiplier) {
			if (multiplier < 1.0) {
				throw new InvalidConfigurationPropertyValueException("cachekit.worker.retry.multiplier", multiplier,
						"It must be at least 1.");
			}
			this.multiplier = multiplier;
		}

		public Duration getMaxInterval() {
			return this.maxInterval;
		}

		public void setMaxInterval(Duration maxInterval) {
			this.maxInterval = positive("retry.max-interval", maxInterval);
		}

	}

}
