package io.cachekit.worker;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.mongodb.WriteConcern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Settings of the write-behind worker ({@code cachekit.worker.*}). Checked once bound: a bad value fails
 * startup naming the property. The worker also reads {@code cachekit.namespace} (required) and
 * {@code cachekit.max-key-length}, which must be the applications'.
 */
@ConfigurationProperties("cachekit.worker")
public class WorkerProperties implements Validator {

	private static final String TOPIC = "[A-Za-z0-9._-]{1,249}";

	private static final String TOPIC_HINT = "A Kafka topic name is 1 to 249 letters, digits, '.', '_' or '-'.";

	/**
	 * Topic the publishers write to. Defaults to "<cachekit.namespace>.write-behind", as in the applications.
	 */
	private String topic;

	/**
	 * Topic that receives records that cannot be persisted. Defaults to the topic's name plus ".dlt".
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
	 * Most records handed to one batch (max.poll.records). Only a backlog fills a batch: a larger one then
	 * coalesces more updates per key into one document and needs fewer MongoDB round trips.
	 */
	private int maxBatchSize = 5000;

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
	 * Expiry of a write-behind entry once persisted and unpinned, and of the version-only marker left where a
	 * persisted version's pin is missing (a pin of that version arriving within this time is refused).
	 */
	private Duration persistedTtl = Duration.ofMinutes(10);

	/**
	 * Longest a batch waits for Redis to unpin its entries and evict the applications' cached copies.
	 */
	private Duration redisTimeout = Duration.ofSeconds(10);

	/**
	 * Back-off between attempts when MongoDB fails; retries never give up.
	 */
	private final Retry retry = new Retry();

	public String getTopic() {
		return this.topic;
	}

	public void setTopic(String topic) {
		this.topic = topic;
	}

	public String getDeadLetterTopic() {
		return this.deadLetterTopic;
	}

	public void setDeadLetterTopic(String deadLetterTopic) {
		this.deadLetterTopic = deadLetterTopic;
	}

	public String getGroupId() {
		return this.groupId;
	}

	public void setGroupId(String groupId) {
		this.groupId = groupId;
	}

	public int getPartitions() {
		return this.partitions;
	}

	public void setPartitions(int partitions) {
		this.partitions = partitions;
	}

	public int getMaxBatchSize() {
		return this.maxBatchSize;
	}

	public void setMaxBatchSize(int maxBatchSize) {
		this.maxBatchSize = maxBatchSize;
	}

	public Duration getMaxPollInterval() {
		return this.maxPollInterval;
	}

	public void setMaxPollInterval(Duration maxPollInterval) {
		this.maxPollInterval = maxPollInterval;
	}

	public boolean isExitAfterReplay() {
		return this.exitAfterReplay;
	}

	public void setExitAfterReplay(boolean exitAfterReplay) {
		this.exitAfterReplay = exitAfterReplay;
	}

	public Duration getPersistedTtl() {
		return this.persistedTtl;
	}

	public void setPersistedTtl(Duration persistedTtl) {
		this.persistedTtl = persistedTtl;
	}

	public Duration getRedisTimeout() {
		return this.redisTimeout;
	}

	public void setRedisTimeout(Duration redisTimeout) {
		this.redisTimeout = redisTimeout;
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
		this.mongoSocketTimeout = mongoSocketTimeout;
	}


	@Override
	public boolean supports(Class<?> type) {
		return WorkerProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		if (this.topic != null) {
			check(errors, this.topic.matches(TOPIC), "topic", this.topic, TOPIC_HINT);
		}
		if (this.deadLetterTopic != null) {
			check(errors, this.deadLetterTopic.matches(TOPIC), "dead-letter-topic", this.deadLetterTopic, TOPIC_HINT);
		}
		check(errors, this.groupId != null && !this.groupId.isBlank(), "group-id", this.groupId,
				"The consumer group must not be blank.");
		check(errors, this.partitions >= 1, "partitions", this.partitions, "It must be at least 1.");
		check(errors, this.maxBatchSize >= 1, "max-batch-size", this.maxBatchSize, "It must be at least 1.");
		check(errors, positive(this.maxPollInterval), "max-poll-interval", this.maxPollInterval, "It must be positive.");
		check(errors, positive(this.mongoSocketTimeout), "mongo-socket-timeout", this.mongoSocketTimeout,
				"It must be a positive duration shorter than max-poll-interval, e.g. 30s.");
		check(errors, positive(this.persistedTtl), "persisted-ttl", this.persistedTtl, "It must be positive.");
		check(errors, positive(this.redisTimeout), "redis-timeout", this.redisTimeout, "It must be positive.");
		String w = this.writeConcern.w;
		check(errors, w != null && (w.equals("majority") || w.matches("[1-9][0-9]?")), "write-concern.w", w,
				"Use 'majority' or a number of members from 1 to 99 (0 would not wait for the write).");
		check(errors, positive(this.writeConcern.timeout), "write-concern.timeout", this.writeConcern.timeout,
				"It must be positive.");
		check(errors, positive(this.retry.initialInterval), "retry.initial-interval", this.retry.initialInterval,
				"It must be positive.");
		check(errors, this.retry.multiplier >= 1.0, "retry.multiplier", this.retry.multiplier, "It must be at least 1.");
		check(errors, positive(this.retry.maxInterval), "retry.max-interval", this.retry.maxInterval,
				"It must be positive.");
	}

	private static boolean positive(Duration value) {
		return value != null && !value.isNegative() && !value.isZero();
	}

	private static void check(Errors errors, boolean valid, String property, Object value, String hint) {
		if (!valid) {
			errors.reject("cachekit.invalid-property",
					"Invalid value '" + value + "' for cachekit.worker." + property + ": " + hint);
		}
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
			this.timeout = timeout;
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
			this.initialInterval = initialInterval;
		}

		public double getMultiplier() {
			return this.multiplier;
		}

		public void setMultiplier(double multiplier) {
			this.multiplier = multiplier;
		}

		public Duration getMaxInterval() {
			return this.maxInterval;
		}

		public void setMaxInterval(Duration maxInterval) {
			this.maxInterval = maxInterval;
		}

	}

}
