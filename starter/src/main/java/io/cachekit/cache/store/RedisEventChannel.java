package io.cachekit.cache.store;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.api.listener.MessageListener;
import org.redisson.api.listener.StatusListener;
import org.redisson.api.options.PlainOptions;
import org.redisson.client.codec.StringCodec;

/**
 * Events over Redis pub/sub through Redisson topics, which re-subscribe by themselves after a lost
 * connection. A publish waits at most the timeout, or less when the caller's Redis budget runs out first.
 */
public class RedisEventChannel implements EventChannel {

	private final RedisCalls calls;

	/**
	 * Creates the channel.
	 * @param redisson the client
	 * @param timeout the timeout of each publish
	 */
	public RedisEventChannel(RedissonClient redisson, Duration timeout) {
		this(new RedisCalls(redisson, timeout));
	}

	RedisEventChannel(RedisCalls calls) {
		this.calls = calls;
	}

	@Override
	public void publish(String channel, String message) {
		this.calls.await(this.calls.redisson
			.getTopic(PlainOptions.name(channel).codec(StringCodec.INSTANCE).timeout(this.calls.timeout))
			.publishAsync(message), "publish to");
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * Subscribing does not wait for Redis: a store that is down at startup delays the subscription, not the
	 * caller, and Redisson completes it when Redis answers.
	 */
	@Override
	public Subscription subscribe(String channel, Consumer<String> listener, SubscriptionListener status) {
		RTopic topic = this.calls.redisson.getTopic(channel, StringCodec.INSTANCE);
		CompletableFuture<Integer> statusId = topic.addListenerAsync(new StatusListener() {

			@Override
			public void onSubscribe(String name) {
				status.onSubscribe(name);
			}

			@Override
			public void onUnsubscribe(String name) {
				status.onUnsubscribe(name);
			}

		}).toCompletableFuture();
		CompletableFuture<Integer> messageId = topic
			.addListenerAsync(String.class, (MessageListener<String>) (name, message) -> listener.accept(message))
			.toCompletableFuture();
		return () -> {
			statusId.thenAccept((id) -> topic.removeListenerAsync(id));
			messageId.thenAccept((id) -> topic.removeListenerAsync(id));
		};
	}

}
