package io.cachekit.worker.consume;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import io.cachekit.writebehind.envelope.WriteBehindEnvelope;

/**
 * Callback around each batch write, e.g. for an audit log. Beans of this type are called in order, on the
 * listener thread; an exception thrown from one fails the batch, which is then retried.
 */
public interface BatchObserver {

	/**
	 * Called with the valid records of a batch before they are written.
	 * @param records the records, in partition order
	 */
	default void beforeWrite(List<ConsumerRecord<String, WriteBehindEnvelope>> records) {
	}

	/**
	 * Called after a batch was written, before its offsets are committed.
	 * @param outcome what was written
	 */
	default void afterWrite(BatchOutcome outcome) {
	}

}
