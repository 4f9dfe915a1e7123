package io.cachekit.worker.consume;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;

import io.cachekit.worker.store.Coalescer;
import io.cachekit.worker.store.MongoEnvelopeStore;
import io.cachekit.worker.store.RejectedEnvelopeException;
import io.cachekit.worker.store.StoreResult;
import io.cachekit.writebehind.envelope.InvalidEnvelopeException;
import io.cachekit.writebehind.envelope.WriteBehindEnvelope;
import io.cachekit.writebehind.envelope.WriteBehindEnvelopeCodec;
import io.cachekit.writebehind.envelope.WriteBehindHeaders;
import io.cachekit.writebehind.envelope.WriteBehindVersions;
import io.cachekit.writebehind.pending.WriteBehindCache;
import io.cachekit.writebehind.pending.WriteBehindCache.VersionedKey;

/**
 * Persists each batch of the write-behind topic: each valid record gets its version (its offset above the
 * publisher's epoch, {@link WriteBehindVersions}), the records are coalesced to the newest version per key and
 * written in one unordered bulk write per collection; the cache entries of the persisted versions are
 * released; the container commits the offsets once this method returns. A record that cannot be persisted
 * stops the batch at that record ({@link BatchListenerFailedException}): the records before it are written and
 * committed, the error handler dead-letters it, and the rest are delivered again.
 * <p>
 * An update that MongoDB refuses because it already holds a newer version of the key (it was acknowledged, but
 * reached the worker after a newer update, e.g. redelivered after a rebalance or replayed from the dead-letter
 * topic) is logged as a warning naming the key and both versions, counted in
 * {@code cachekit.worker.records.superseded}, and its pin is dropped so that the cache converges on MongoDB.
 * Then the applications' cached copies of the persisted keys are evicted through the {@link CachedCopies}, if
 * the worker knows them: normally there are none (a pinned key is served from its pin, not cached), but when
 * Redis lost a pin, or an application's eviction at save time missed, a copy cached from MongoDB meanwhile would
 * otherwise outlive the persisted version.
 */
public class WriteBehindBatchListener {

	/** Id of the listener container. */
	public static final String ID = "cachekit-write-behind";

	private static final Log logger = LogFactory.getLog(WriteBehindBatchListener.class);

	private static final LogAccessor logAccessor = new LogAccessor(WriteBehindBatchListener.class);

	private static final int WARNINGS_PER_BATCH = 20;

	private final MongoEnvelopeStore store;

	private final ObjectProvider<WriteBehindCache> cache;

	private final ObjectProvider<CachedCopies> copies;

	private final ObjectProvider<BatchObserver> observers;

	private final WorkerMetrics metrics;

	private final Clock clock;

	private final PersistObservations observations;

	/**
	 * Creates a listener that observes nothing.
	 * @param store writes to MongoDB
	 * @param cache the write-behind cache, if the worker has one
	 * @param copies the applications' cached copies of written-behind keys, if the worker knows them
	 * @param observers batch callbacks
	 * @param metrics the meters
	 * @param clock measures the end-to-end lag
	 */
	public WriteBehindBatchListener(MongoEnvelopeStore store, ObjectProvider<WriteBehindCache> cache,
			ObjectProvider<CachedCopies> copies, ObjectProvider<BatchObserver> observers, WorkerMetrics metrics,
			Clock clock) {
		this(store, cache, copies, observers, metrics, clock, ObservationRegistry.NOOP);
	}

	/**
	 * Creates a listener.
	 * @param store writes to MongoDB
	 * @param cache the write-behind cache, if the worker has one
	 * @param copies the applications' cached copies of written-behind keys, if the worker knows them
	 * @param observers batch callbacks
	 * @param metrics the meters
	 * @param clock measures the end-to-end lag
	 * @param observations observes each record's persist ({@code cachekit.worker.persist}), continuing the
	 * trace in its headers
	 */
	public WriteBehindBatchListener(MongoEnvelopeStore store, ObjectProvider<WriteBehindCache> cache,
			ObjectProvider<CachedCopies> copies, ObjectProvider<BatchObserver> observers, WorkerMetrics metrics,
			Clock clock, ObservationRegistry observations) {
		this.store = store;
		this.cache = cache;
		this.copies = copies;
		this.observers = observers;
		this.metrics = metrics;
		this.clock = clock;
		this.observations = new PersistObservations(observations);
	}

	/**
	 * Persists one batch.
	 * @param records the records, grouped by partition in offset order
	 */
	@KafkaListener(id = ID, topics = "#{@workerTopics.writeBehind()}",
			groupId = "${cachekit.worker.group-id:cachekit-worker}", batch = "true",
			autoStartup = "${cachekit.worker.auto-startup:true}")
	public void onBatch(List<ConsumerRecord<String, WriteBehindEnvelope>> records) {
		this.metrics.batch(records.size());
		int invalid = -1;
		RuntimeException problem = null;
		List<WriteBehindEnvelope> envelopes = new ArrayList<>(records.size());
		for (int i = 0; i < records.size() && problem == null; i++) {
			try {
				envelopes.add(versioned(records.get(i)));
			}
			catch (RuntimeException ex) {
				problem = ex;
				invalid = i;
			}
		}
		List<ConsumerRecord<String, WriteBehindEnvelope>> valid = (invalid < 0) ? records
				: records.subList(0, invalid);
		if (!valid.isEmpty()) {
			persist(valid, envelopes);
		}
		if (problem != null) {
			throw new BatchListenerFailedException("Write-behind record cannot be persisted: " + reason(problem),
					problem, invalid);
		}
	}

	private void persist(List<ConsumerRecord<String, WriteBehindEnvelope>> valid, List<WriteBehindEnvelope> envelopes) {
		List<Observation> observations = this.observations.start(valid);
		Throwable failure = null;
		try {
			write(valid, envelopes);
		}
		catch (RuntimeException | Error ex) {
			failure = ex;
			throw ex;
		}
		finally {
			PersistObservations.stop(observations, failure);
		}
	}

	private void write(List<ConsumerRecord<String, WriteBehindEnvelope>> valid, List<WriteBehindEnvelope> envelopes) {
		this.observers.orderedStream().forEach((observer) -> observer.beforeWrite(valid));
		List<WriteBehindEnvelope> winners = Coalescer.newestPerKey(envelopes);
		StoreResult result;
		try {
			result = this.store.write(winners);
		}
		catch (RejectedEnvelopeException ex) {
			release(winners.stream().filter((winner) -> winner != ex.getEnvelope()).toList());
			throw new BatchListenerFailedException(ex.getMessage(), ex, envelopes.indexOf(ex.getEnvelope()));
		}
		List<WriteBehindEnvelope> released = winners;
		if (!result.superseded().isEmpty()) {
			superseded(result.superseded());
			Set<WriteBehindEnvelope> refused = Collections.newSetFromMap(new IdentityHashMap<>());
			result.superseded().forEach((superseded) -> refused.add(superseded.envelope()));
			released = winners.stream().filter((winner) -> !refused.contains(winner)).toList();
		}
		release(released);
		long now = this.clock.millis();
		envelopes.forEach((envelope) -> this.metrics.lag(now - envelope.timestamp()));
		this.metrics.written(result.persisted(), result.stale(), envelopes.size() - winners.size());
		this.metrics.superseded(result.superseded().size());
		BatchOutcome outcome = new BatchOutcome(valid, winners, result);
		this.observers.orderedStream().forEach((observer) -> observer.afterWrite(outcome));
	}

	/**
	 * Reports updates MongoDB refused for holding a newer version, and drops their pins: the newer version is
	 * the key's value, in MongoDB and (once it is reloaded) in the cache.
	 */
	private void superseded(List<StoreResult.Superseded> superseded) {
		int logged = 0;
		for (StoreResult.Superseded refused : superseded) {
			WriteBehindEnvelope envelope = refused.envelope();
			if (logged++ < WARNINGS_PER_BATCH) {
				logger.warn("Write-behind update " + envelope.type() + " '" + envelope.id() + "' v"
						+ envelope.version() + " was acknowledged but is not written: MongoDB already holds v"
						+ refused.storedVersion() + ", a newer acknowledged update of the key; its cache entry is "
						+ "dropped so that reads converge on v" + refused.storedVersion());
			}
		}
		if (logged > WARNINGS_PER_BATCH) {
			logger.warn((logged - WARNINGS_PER_BATCH) + " more superseded write-behind updates in this batch");
		}
		WriteBehindCache writeBehindCache = this.cache.getIfAvailable();
		if (writeBehindCache == null) {
			return;
		}
		for (StoreResult.Superseded refused : superseded) {
			WriteBehindEnvelope envelope = refused.envelope();
			try {
				writeBehindCache.evict(envelope.type(), envelope.id(), envelope.version());
			}
			catch (RuntimeException ex) {
				logger.warn("Could not drop the cache entry of superseded update " + envelope.type() + " '"
						+ envelope.id() + "' v" + envelope.version() + "; it expires with its pin", ex);
			}
		}
	}

	private void release(List<WriteBehindEnvelope> persisted) {
		if (persisted.isEmpty()) {
			return;
		}
		List<VersionedKey> keys = persisted.stream().map((e) -> new VersionedKey(e.type(), e.id(), e.version())).toList();
		WriteBehindCache writeBehindCache = this.cache.getIfAvailable();
		if (writeBehindCache != null) {
			try {
				writeBehindCache.releaseAll(keys);
			}
			catch (RuntimeException ex) {
				// Entries stay pinned (they hold the newest value) until their safety-net expiry.
				logger.warn("Could not release " + persisted.size() + " persisted cache entries", ex);
			}
		}
		CachedCopies cachedCopies = this.copies.getIfAvailable();
		if (cachedCopies != null) {
			try {
				cachedCopies.evict(keys);
				this.metrics.copiesEvicted(keys.size());
			}
			catch (RuntimeException ex) {
				logger.warn("Could not evict the cached copies of " + keys.size() + " persisted keys; a copy cached "
						+ "while Redis had lost a key's pin may serve an older value until it expires", ex);
			}
		}
	}

	/** The reason to report (and to carry into the dead-letter headers): a deserializer's own message is generic. */
	private static String reason(RuntimeException problem) {
		if (problem instanceof DeserializationException && problem.getCause() != null
				&& problem.getCause().getMessage() != null) {
			return problem.getCause().getMessage();
		}
		return problem.getMessage();
	}

	/**
	 * The record's envelope with its version.
	 * @throws RuntimeException if the record cannot be persisted
	 */
	private static WriteBehindEnvelope versioned(ConsumerRecord<String, WriteBehindEnvelope> record) {
		WriteBehindEnvelope envelope = record.value();
		if (envelope == null) {
			DeserializationException failure = SerializationUtils.getExceptionFromHeader(record,
					SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, logAccessor);
			throw (failure != null) ? failure : new InvalidEnvelopeException("Write-behind record has no value");
		}
		if (!Objects.equals(record.key(), envelope.id())) {
			throw new InvalidEnvelopeException(
					"Record key '" + record.key() + "' differs from the envelope id '" + envelope.id() + "'");
		}
		// a record of cachekit 0.1 without its version header keeps the version in its value
		long version = (envelope.schemaVersion() == WriteBehindEnvelope.LEGACY_SCHEMA_VERSION
				&& record.headers().lastHeader(WriteBehindHeaders.VERSION) == null) ? envelope.version()
						: WriteBehindVersions.ofRecord(record.headers(), record.offset());
		WriteBehindEnvelope versioned = envelope.withVersion(version);
		WriteBehindEnvelopeCodec.validateVersion(versioned);
		return versioned;
	}

}
