package io.cachekit.worker.consume;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.cachekit.worker.store.Coalescer;
import io.cachekit.worker.store.MongoEnvelopeStore;
import io.cachekit.worker.store.RejectedEnvelopeException;
import io.cachekit.worker.store.StoreResult;
import io.cachekit.writebehind.InvalidEnvelopeException;
import io.cachekit.writebehind.WriteBehindCache;
import io.cachekit.writebehind.WriteBehindCache.VersionedKey;
import io.cachekit.writebehind.WriteBehindEnvelope;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;

/**
 * Persists each batch of the write-behind topic: the valid records are coalesced to the newest version per
 * key and written in one unordered bulk write per collection; the cache entries of the persisted versions
 * are released; the container commits the offsets once this method returns. A record that cannot be
 * persisted stops the batch at that record ({@link BatchListenerFailedException}): the records before it are
 * written and committed, the error handler dead-letters it, and the rest are delivered again.
 */
public class WriteBehindBatchListener {

	/** Id of the listener container. */
	public static final String ID = "cachekit-write-behind";

	private static final Log logger = LogFactory.getLog(WriteBehindBatchListener.class);

	private static final LogAccessor logAccessor = new LogAccessor(WriteBehindBatchListener.class);

	private final MongoEnvelopeStore store;

	private final ObjectProvider<WriteBehindCache> cache;

	private final ObjectProvider<BatchObserver> observers;

	private final WorkerMetrics metrics;

	private final Clock clock;

	/**
	 * Creates a listener.
	 * @param store writes to MongoDB
	 * @param cache the write-behind cache, if the worker has one
	 * @param observers batch callbacks
	 * @param metrics the meters
	 * @param clock measures the end-to-end lag
	 */
	public WriteBehindBatchListener(MongoEnvelopeStore store, ObjectProvider<WriteBehindCache> cache,
			ObjectProvider<BatchObserver> observers, WorkerMetrics metrics, Clock clock) {
		this.store = store;
		this.cache = cache;
		this.observers = observers;
		this.metrics = metrics;
		this.clock = clock;
	}

	/**
	 * Persists one batch.
	 * @param records the records, grouped by partition in offset order
	 */
	@KafkaListener(id = ID, topics = "${cachekit.worker.topic:cachekit.write-behind}",
			groupId = "${cachekit.worker.group-id:cachekit-worker}", batch = "true",
			autoStartup = "${cachekit.worker.auto-startup:true}")
	public void onBatch(List<ConsumerRecord<String, WriteBehindEnvelope>> records) {
		this.metrics.batch(records.size());
		int invalid = -1;
		RuntimeException problem = null;
		for (int i = 0; i < records.size() && problem == null; i++) {
			problem = problem(records.get(i));
			invalid = (problem != null) ? i : -1;
		}
		List<ConsumerRecord<String, WriteBehindEnvelope>> valid = (invalid < 0) ? records
				: records.subList(0, invalid);
		if (!valid.isEmpty()) {
			persist(valid, records);
		}
		if (problem != null) {
			throw new BatchListenerFailedException("Write-behind record cannot be persisted: " + reason(problem),
					problem, invalid);
		}
	}

	private void persist(List<ConsumerRecord<String, WriteBehindEnvelope>> valid,
			List<ConsumerRecord<String, WriteBehindEnvelope>> batch) {
		this.observers.orderedStream().forEach((observer) -> observer.beforeWrite(valid));
		List<WriteBehindEnvelope> envelopes = new ArrayList<>(valid.size());
		valid.forEach((record) -> envelopes.add(record.value()));
		List<WriteBehindEnvelope> winners = Coalescer.newestPerKey(envelopes);
		StoreResult result;
		try {
			result = this.store.write(winners);
		}
		catch (RejectedEnvelopeException ex) {
			release(winners.stream().filter((winner) -> winner != ex.getEnvelope()).toList());
			throw new BatchListenerFailedException(ex.getMessage(), ex, indexOf(batch, ex.getEnvelope()));
		}
		release(winners);
		long now = this.clock.millis();
		envelopes.forEach((envelope) -> this.metrics.lag(now - envelope.timestamp()));
		this.metrics.written(result.persisted(), result.stale(), envelopes.size() - winners.size());
		BatchOutcome outcome = new BatchOutcome(valid, winners, result);
		this.observers.orderedStream().forEach((observer) -> observer.afterWrite(outcome));
	}

	private void release(List<WriteBehindEnvelope> persisted) {
		WriteBehindCache writeBehindCache = this.cache.getIfAvailable();
		if (writeBehindCache == null) {
			return;
		}
		try {
			writeBehindCache.releaseAll(
					persisted.stream().map((e) -> new VersionedKey(e.type(), e.id(), e.version())).toList());
		}
		catch (RuntimeException ex) {
			// Entries stay pinned (they hold the newest value) until their safety-net expiry.
			logger.warn("Could not release " + persisted.size() + " persisted cache entries", ex);
		}
	}

	private static int indexOf(List<ConsumerRecord<String, WriteBehindEnvelope>> batch, WriteBehindEnvelope envelope) {
		for (int i = 0; i < batch.size(); i++) {
			if (batch.get(i).value() == envelope) {
				return i;
			}
		}
		throw new IllegalStateException("Refused envelope is not part of the batch");
	}

	/** The reason to report (and to carry into the dead-letter headers): a deserializer's own message is generic. */
	private static String reason(RuntimeException problem) {
		if (problem instanceof DeserializationException && problem.getCause() != null
				&& problem.getCause().getMessage() != null) {
			return problem.getCause().getMessage();
		}
		return problem.getMessage();
	}

	private static RuntimeException problem(ConsumerRecord<String, WriteBehindEnvelope> record) {
		WriteBehindEnvelope envelope = record.value();
		if (envelope == null) {
			DeserializationException failure = SerializationUtils.getExceptionFromHeader(record,
					SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, logAccessor);
			return (failure != null) ? failure : new InvalidEnvelopeException("Write-behind record has no value");
		}
		if (!Objects.equals(record.key(), envelope.id())) {
			return new InvalidEnvelopeException(
					"Record key '" + record.key() + "' differs from the envelope id '" + envelope.id() + "'");
		}
		return null;
	}

}
