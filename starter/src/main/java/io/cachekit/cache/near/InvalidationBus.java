package io.cachekit.cache.near;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.cachekit.cache.store.EventChannel;
import io.cachekit.resilience.ThrottledLogger;

/**
 * Carries near-cache invalidations between instances over one Redis pub/sub channel.
 * <p>
 * Each instance numbers its messages per cache, starting at 1; a number is taken when the message is
 * queued, so a message whose {@code PUBLISH} fails leaves a hole. Heartbeats carry the publisher's latest
 * number per cache. A receiver that sees a number skip (a lost message), or a heartbeat announcing a
 * number it never received, clears that cache and counts a {@linkplain #gapCount() gap}.
 * <p>
 * A publisher never heard before counts as heard up to 0: its first message must be number 1 (or a
 * heartbeat announcing 0), anything higher is a gap. An instance that starts while its peers are already
 * publishing therefore clears each affected near cache once per peer and cache, when it first hears
 * them; its near caches are nearly empty then, and this is what makes a lost first message of a stream
 * safe. What was heard is kept across re-subscriptions, so after one only numbers actually missed are
 * gaps.
 * <p>
 * A re-subscription (the pub/sub connection was lost and restored) clears every cache, since anything
 * may have been missed meanwhile. Every instance also hears its own heartbeats: when none has arrived for
 * the silence limit (three heartbeat intervals), the bus is {@linkplain #isHealthy() unhealthy}, near
 * caches are cleared and bypassed until it hears again. The limit is checked on each heartbeat tick, so a
 * lost connection makes near caches stale for at most four heartbeat intervals (plus thread scheduling
 * delay), and never beyond their TTL.
 * <p>
 * Messages are sent in order by one sender thread, so callers never wait for the publish round trip;
 * a burst is pipelined in one batch. Failed publishes and failed heartbeat ticks are logged as throttled
 * WARNs; neither stops the sender or the heartbeats.
 */
public final class InvalidationBus implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(InvalidationBus.class);

	private static final int MAX_BATCH = 256;

	private static final Duration WARN_INTERVAL = Duration.ofMinutes(1);

	private final EventChannel events;

	private final String channel;

	private final InvalidationListener listener;

	private final ThrottledLogger warnings = new ThrottledLogger(WARN_INTERVAL);

	private final String publisher = UUID.randomUUID().toString();

	private final Map<String, AtomicLong> sent = new ConcurrentHashMap<>();

	private final Map<String, Long> received = new ConcurrentHashMap<>();

	private final BlockingQueue<InvalidationMessage> outbox = new LinkedBlockingQueue<>();

	private final Thread sender;

	private volatile boolean running = true;

	private final ScheduledExecutorService heartbeats;

	private final long silenceLimitNanos;

	private final AtomicInteger subscriptions = new AtomicInteger();

	private final AtomicLong gaps = new AtomicLong();

	private final AtomicLong resyncs = new AtomicLong();

	private volatile long lastHeard = System.nanoTime();

	private volatile boolean healthy;

	private volatile EventChannel.Subscription subscription;

	/**
	 * Creates a bus; {@link #start()} subscribes.
	 * @param events the channel events travel over, e.g. Redis pub/sub
	 * @param channel the channel name, shared by every instance of the application
	 * @param listener applies invalidations to this instance's near caches
	 * @param heartbeatInterval how often each instance announces its sequence numbers; three intervals
	 * without hearing anything make the bus unhealthy, which is noticed within four
	 */
	public InvalidationBus(EventChannel events, String channel, InvalidationListener listener,
			Duration heartbeatInterval) {
		this.events = events;
		this.channel = channel;
		this.listener = listener;
		this.silenceLimitNanos = heartbeatInterval.multipliedBy(3).toNanos();
		this.sender = daemon(this::sendLoop, "cachekit-invalidation-sender");
		this.sender.start();
		this.heartbeats = Executors
			.newSingleThreadScheduledExecutor((runnable) -> daemon(runnable, "cachekit-invalidation-heartbeat"));
		long period = heartbeatInterval.toMillis();
		this.heartbeats.scheduleAtFixedRate(this::heartbeatSafely, period, period, TimeUnit.MILLISECONDS);
	}

	/** Subscribes to the channel; near caches stay bypassed until the subscription is confirmed. */
	public void start() {
		this.subscription = this.events.subscribe(this.channel, this::receive, new EventChannel.SubscriptionListener() {

			@Override
			public void onSubscribe(String name) {
				subscribed();
			}

			@Override
			public void onUnsubscribe(String name) {
				unhealthy("unsubscribed from " + name);
			}

		});
	}

	/**
	 * Tells other instances to drop one entry.
	 * @param cache the cache name
	 * @param key the entry key
	 */
	public void publishInvalidation(String cache, String key) {
		send(InvalidationMessage.Type.KEY, cache, key);
	}

	/**
	 * Tells other instances to drop every entry of a cache.
	 * @param cache the cache name
	 */
	public void publishClear(String cache) {
		send(InvalidationMessage.Type.CLEAR, cache, null);
	}

	/**
	 * Whether messages are flowing: when not, near caches must be bypassed.
	 * @return {@code true} while this instance hears the channel
	 */
	public boolean isHealthy() {
		return this.healthy;
	}

	/** How many sequence gaps were detected. */
	public long gapCount() {
		return this.gaps.get();
	}

	/** How many times every near cache was cleared because messages may have been lost. */
	public long resyncCount() {
		return this.resyncs.get();
	}

	private void send(InvalidationMessage.Type type, String cache, String key) {
		AtomicLong sequence = this.sent.computeIfAbsent(cache, (name) -> new AtomicLong());
		synchronized (sequence) {
			// numbering and queueing together keep the queue in sequence order
			this.outbox.add(new InvalidationMessage(type, this.publisher, sequence.incrementAndGet(), cache, key));
		}
	}

	/**
	 * Runs one heartbeat tick; an exception thrown by a tick would cancel every later one (and with them the
	 * silence check), so it is logged instead.
	 */
	private void heartbeatSafely() {
		try {
			heartbeat();
		}
		catch (RuntimeException ex) {
			this.warnings.warn("near-cache-heartbeat", "cachekit near-cache heartbeat failed; the next tick retries",
					ex);
		}
	}

	private void heartbeat() {
		this.sent.forEach((cache, sequence) -> {
			synchronized (sequence) {
				this.outbox.add(new InvalidationMessage(InvalidationMessage.Type.HEARTBEAT, this.publisher,
						sequence.get(), cache, null));
			}
		});
		if (this.sent.isEmpty()) {
			this.outbox.add(new InvalidationMessage(InvalidationMessage.Type.HEARTBEAT, this.publisher, 0, "", null));
		}
		if (this.healthy && System.nanoTime() - this.lastHeard > this.silenceLimitNanos) {
			unhealthy("no message heard for " + Duration.ofNanos(this.silenceLimitNanos).toMillis() + " ms");
		}
	}

	/**
	 * Sends queued messages in order, all that are waiting in one PUBLISH (one message per line), so a
	 * burst of writes costs one round trip.
	 */
	private void sendLoop() {
		List<InvalidationMessage> batch = new ArrayList<>();
		while (this.running) {
			try {
				InvalidationMessage first = this.outbox.poll(100, TimeUnit.MILLISECONDS);
				if (first == null) {
					continue;
				}
				batch.add(first);
				this.outbox.drainTo(batch, MAX_BATCH - 1);
				publish(batch);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				// The numbers of the lost messages were taken in send(), so receivers see them skip on the
				// next message or heartbeat and clear the affected near caches.
				this.warnings.warn("near-cache-publish", "cachekit could not publish " + batch.size()
						+ " near-cache invalidation message(s); receivers will detect the gap and clear", ex);
			}
			finally {
				batch.clear();
			}
		}
	}

	private void publish(List<InvalidationMessage> messages) {
		StringBuilder frame = new StringBuilder(messages.size() * 64);
		for (InvalidationMessage message : messages) {
			if (!frame.isEmpty()) {
				frame.append('\n');
			}
			frame.append(message.encode());
		}
		this.events.publish(this.channel, frame.toString());
	}

	private void receive(String frame) {
		for (String line : frame.split("\n")) {
			InvalidationMessage message;
			try {
				message = InvalidationMessage.decode(line);
			}
			catch (RuntimeException ex) {
				logger.warn("Ignoring a malformed near-cache invalidation message");
				continue;
			}
			receive(message);
		}
	}

	private void receive(InvalidationMessage message) {
		this.lastHeard = System.nanoTime();
		if (!this.healthy && this.subscriptions.get() > 0) {
			recovered();
		}
		if (this.publisher.equals(message.publisher())) {
			return;
		}
		String stream = message.publisher() + "|" + message.cache();
		// a stream never heard counts as heard up to 0: see the class Javadoc
		long last = this.received.getOrDefault(stream, 0L);
		boolean gap = message.sequence() > last + ((message.type() == InvalidationMessage.Type.HEARTBEAT) ? 0 : 1);
		this.received.merge(stream, message.sequence(), Math::max);
		if (gap) {
			this.gaps.incrementAndGet();
			this.listener.clear(message.cache());
			return;
		}
		switch (message.type()) {
			case KEY -> this.listener.invalidate(message.cache(), message.key());
			case CLEAR -> this.listener.clear(message.cache());
			case HEARTBEAT -> {
			}
		}
	}

	private void subscribed() {
		if (this.subscriptions.incrementAndGet() > 1) {
			resync("re-subscribed after a lost pub/sub connection");
		}
		this.lastHeard = System.nanoTime();
		this.healthy = true;
	}

	private synchronized void recovered() {
		if (!this.healthy) {
			resync("the invalidation channel is heard again");
			this.healthy = true;
		}
	}

	private synchronized void unhealthy(String reason) {
		if (this.healthy) {
			this.healthy = false;
			logger.warn("Near caches bypassed: " + reason);
			this.listener.clearAll();
		}
	}

	private void resync(String reason) {
		this.resyncs.incrementAndGet();
		this.listener.clearAll();
		logger.info("Near caches cleared: " + reason);
	}

	@Override
	public void close() {
		this.heartbeats.shutdownNow();
		this.running = false;
		try {
			this.sender.join(2000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		EventChannel.Subscription subscribed = this.subscription;
		if (subscribed != null) {
			subscribed.close();
		}
		this.healthy = false;
	}

	private static Thread daemon(Runnable runnable, String name) {
		Thread thread = new Thread(runnable, name);
		thread.setDaemon(true);
		return thread;
	}

}
