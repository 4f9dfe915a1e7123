package io.cachekit.test;

/**
 * A server that {@link ImportDevServices} can provide to a Spring application.
 */
public enum DevService {

	/** Redis, as a {@code DataRedisConnectionDetails} bean. */
	REDIS,

	/** Kafka, as a {@code KafkaConnectionDetails} bean. */
	KAFKA,

	/** MongoDB, as a {@code MongoConnectionDetails} bean. */
	MONGODB

}
