package io.cachekit.test;

/**
 * A server that {@link ImportDevServices} can provide to a Spring application.
 */
public enum DevService {

	/** Redis, as a {@code DataRedisConnectionDetails} bean. */
	REDIS,

	/**
	 * Redis behind Sentinel (a master, a replica, three sentinels), as a {@code DataRedisConnectionDetails} bean
	 * with sentinel details: Redisson runs in Sentinel mode. Use it instead of {@link #REDIS}.
	 */
	REDIS_SENTINEL,

	/** Kafka, as a {@code KafkaConnectionDetails} bean. */
	KAFKA,

	/** MongoDB, as a {@code MongoConnectionDetails} bean. */
	MONGODB

}
