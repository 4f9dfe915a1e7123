package io.cachekit.resilience;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Logs a WARN at most once per interval and topic, with how many occurrences were suppressed since the
 * last one, so that a Redis outage or a flood of unreadable values does not flood the log.
 */
public final class ThrottledLogger {

	private static final Log logger = LogFactory.getLog(ThrottledLogger.class);

	private final long intervalNanos;

	private final Map<String, Window> windows = new ConcurrentHashMap<>();

	/**
	 * Creates a logger.
	 * @param interval the minimum time between two WARNs of the same topic
	 */
	public ThrottledLogger(Duration interval) {
		this.intervalNanos = interval.toNanos();
	}

	/**
	 * Logs a WARN unless one of the same topic was logged within the interval.
	 * @param topic what kind of problem (e.g. {@code redis-unavailable})
	 * @param message the message
	 * @param cause the cause, or {@code null}
	 * @return whether the WARN was written
	 */
	public boolean warn(String topic, String message, Throwable cause) {
		Window window = this.windows.computeIfAbsent(topic, (t) -> new Window());
		long now = System.nanoTime();
		long last = window.lastLogged.get();
		if (last != 0 && now - last < this.intervalNanos) {
			window.suppressed.incrementAndGet();
			return false;
		}
		if (!window.lastLogged.compareAndSet(last, (now != 0) ? now : 1)) {
			window.suppressed.incrementAndGet();
			return false;
		}
		long suppressed = window.suppressed.getAndSet(0);
		String text = (suppressed > 0) ? message + " (" + suppressed + " similar suppressed)" : message;
		if (cause != null) {
			logger.warn(text + ": " + cause);
		}
		else {
			logger.warn(text);
		}
		return true;
	}

	private static final class Window {

		final AtomicLong lastLogged = new AtomicLong();

		final AtomicLong suppressed = new AtomicLong();

	}

}
