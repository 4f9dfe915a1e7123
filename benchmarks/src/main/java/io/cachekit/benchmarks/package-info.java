/**
 * JMH benchmarks. Each runs against the same Redis (dev services: {@code REDIS_URL} or an embedded
 * server) so cachekit and the tools it is compared with are measured side by side in one run.
 */
package io.cachekit.benchmarks;
