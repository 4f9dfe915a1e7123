package io.cachekit.worker.consume;

import java.util.HashSet;
import java.util.Set;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;

import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.util.backoff.BackOff;

/**
 * The worker's {@link DefaultErrorHandler}: a batch that fails as a whole (MongoDB unreachable, a
 * write-concern error) is retried with back-off, the consumer paused and polling in between; a batch that
 * fails at one record ({@link BatchListenerFailedException}) is committed up to that record, the record is
 * recovered (dead-lettered) once it is not worth retrying, and the rest is delivered again.
 * <p>
 * One case differs from the plain handler: when a retried batch gets past the outage and then fails at one
 * record, the plain handler would recover every record of the batch, dead-lettering updates that were never
 * persisted. Here the retry ends there and the record-level failure is handled as if the batch had failed
 * that way in the first place.
 */
public class WriteBehindErrorHandler extends DefaultErrorHandler {

	/**
	 * Creates a handler.
	 * @param recoverer recovers records that cannot be persisted
	 * @param backOff the back-off between attempts
	 */
	public WriteBehindErrorHandler(ConsumerRecordRecoverer recoverer, BackOff backOff) {
		super(recoverer, backOff);
	}

	@Override
	public void handleBatch(Exception thrownException, ConsumerRecords<?, ?> data, Consumer<?, ?> consumer,
			MessageListenerContainer container, Runnable invokeListener) {
		RuntimeException[] failedAtRecord = new RuntimeException[1];
		Runnable retry = () -> {
			try {
				invokeListener.run();
			}
			catch (RuntimeException ex) {
				if (!hasBatchListenerFailedException(ex)) {
					throw ex;
				}
				failedAtRecord[0] = ex;
			}
		};
		super.handleBatch(thrownException, data, consumer, container, retry);
		if (failedAtRecord[0] != null) {
			super.handleBatch(failedAtRecord[0], data, consumer, container, invokeListener);
		}
	}

	private static boolean hasBatchListenerFailedException(Throwable failure) {
		Set<Throwable> seen = new HashSet<>();
		for (Throwable cause = failure; cause != null && seen.add(cause); cause = cause.getCause()) {
			if (cause instanceof BatchListenerFailedException) {
				return true;
			}
		}
		return false;
	}

}
