package io.cachekit.cache.store;

import java.util.function.Consumer;

/**
 * Events broadcast to every instance of the application: invalidation events, load landings and near-cache
 * invalidations. Delivery is at most once; whoever needs more detects gaps.
 */
public interface EventChannel {

	/**
	 * Broadcasts an event to every subscriber of the channel, in every application instance.
	 * @param channel the channel
	 * @param message the event
	 */
	void publish(String channel, String message);

	/**
	 * Subscribes to a channel. Subscription is asynchronous and survives reconnects.
	 * @param channel the channel
	 * @param listener receives every event
	 */
	default void subscribe(String channel, Consumer<String> listener) {
		subscribe(channel, listener, SubscriptionListener.NONE);
	}

	/**
	 * Subscribes to a channel and hears when the subscription is made and lost, e.g. to tell that events may
	 * have been missed in between.
	 * @param channel the channel
	 * @param listener receives every event
	 * @param status hears the subscription's state
	 * @return the subscription, to close when done
	 */
	Subscription subscribe(String channel, Consumer<String> listener, SubscriptionListener status);

	/** A subscription; closing it stops the delivery. */
	interface Subscription extends AutoCloseable {

		@Override
		void close();

	}

	/** Hears whether a subscription is in place. */
	interface SubscriptionListener {

		/** Hears nothing. */
		SubscriptionListener NONE = new SubscriptionListener() {
		};

		/**
		 * The subscription is in place (again).
		 * @param channel the channel
		 */
		default void onSubscribe(String channel) {
		}

		/**
		 * The subscription was lost; events published meanwhile are not delivered.
		 * @param channel the channel
		 */
		default void onUnsubscribe(String channel) {
		}

	}

}
