package io.cachekit.cache.store;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.redisson.Redisson;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RBucket;
import org.redisson.api.RBuckets;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.ObjectParams;
import org.redisson.api.options.OptionalOptions;
import org.redisson.api.options.PlainOptions;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.codec.Codec;
import org.redisson.command.CommandAsyncExecutor;

import io.cachekit.resilience.RedisDeadline;

/**
 * How the Redis stores talk to Redisson: every command with the store's timeout and no retries, and the
 * caller waiting for it at most that long, or less when its {@link RedisDeadline} budget runs out first.
 * Holds Redisson's command executor (with those options) when the client is a {@link Redisson} instance: the
 * hot path uses it directly, since creating an {@code RBucket} per key costs about a quarter of the throughput
 * of a hit with 8 threads (measured in {@code CachekitReadBenchmark}).
 */
final class RedisCalls {

	final RedissonClient redisson;

	final Duration timeout;

	final CommandAsyncExecutor executor;

	RedisCalls(RedissonClient redisson, Duration timeout) {
		this.redisson = redisson;
		this.timeout = timeout;
		this.executor = (redisson instanceof Redisson client) ? client.getCommandExecutor()
			.copy((ObjectParams) PlainOptions.name("cachekit").timeout(timeout).retryAttempts(0)) : null;
	}

	<T> T await(CompletionStage<T> command, String what) {
		return RedisDeadline.await(command, this.timeout, what);
	}

	RScript script(Codec codec) {
		return this.redisson.getScript(OptionalOptions.defaults().codec(codec).timeout(this.timeout).retryAttempts(0));
	}

	RBucket<byte[]> bucket(String key) {
		return this.redisson.getBucket(
				PlainOptions.name(key).codec(ByteArrayCodec.INSTANCE).timeout(this.timeout).retryAttempts(0));
	}

	RBuckets buckets() {
		return this.redisson.getBuckets(
				OptionalOptions.defaults().codec(ByteArrayCodec.INSTANCE).timeout(this.timeout).retryAttempts(0));
	}

	RBatch batch(long timeoutMillis) {
		return this.redisson.createBatch(
				BatchOptions.defaults().responseTimeout(timeoutMillis, TimeUnit.MILLISECONDS).retryAttempts(0));
	}

}
