/**
 * Dev services: real Redis, Kafka and MongoDB servers for integration tests and the local run.
 * <p>
 * Each service is resolved once per JVM, in this order: an endpoint given in the environment
 * ({@code REDIS_URL}, {@code KAFKA_BOOTSTRAP_SERVERS}, {@code MONGODB_URI}); a Testcontainers
 * container when a Docker engine answers; otherwise an embedded real server bound to 127.0.0.1.
 * Spring tests import them as {@code ConnectionDetails} beans with {@link io.cachekit.test.ImportDevServices}.
 * Tests of Redis Cluster start their own {@link io.cachekit.test.EmbeddedRedisCluster}.
 */
package io.cachekit.test;
