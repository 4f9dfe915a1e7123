package io.cachekit.worker.consume;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import io.cachekit.worker.store.StoreResult;
import io.cachekit.writebehind.envelope.WriteBehindEnvelope;

/**
 * A written batch.
 *
 * @param records the valid records of the batch
 * @param winners the newest envelope of each key, as written
 * @param result what MongoDB persisted and rejected as stale
 */
public record BatchOutcome(List<ConsumerRecord<String, WriteBehindEnvelope>> records,
		List<WriteBehindEnvelope> winners, StoreResult result) {

}
