package io.cachekit.worker.consume;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;

import io.cachekit.writebehind.envelope.InvalidEnvelopeException;
import io.cachekit.writebehind.envelope.WriteBehindEnvelope;
import io.cachekit.writebehind.envelope.WriteBehindHeaders;
import io.cachekit.writebehind.envelope.WriteBehindVersions;
import io.cachekit.writebehind.pending.WriteBehindCache;

/**
 * Recovers a record that can never be persisted: evicts its cache entry (so no reader keeps a value MongoDB
 * will never have), then publishes it to the dead-letter topic with the error, its origin
 * topic/partition/offset and its version ({@link #versionHeader}) in headers, waiting for the acknowledgement. If either step fails it throws, and
 * the error handler delivers the record again: a record is never skipped.
 */
public class DeadLetterRecoverer implements ConsumerRecordRecoverer, DisposableBean {

	private final DeadLetterPublishingRecoverer publisher;

	private final DefaultKafkaProducerFactory<?, ?> producerFactory;

	private final ObjectProvider<WriteBehindCache> cache;

	private final WorkerMetrics metrics;

	/**
	 * Creates a recoverer.
	 * @param publisher publishes to the dead-letter topic
	 * @param producerFactory the publisher's producers, closed with this recoverer
	 * @param cache the write-behind cache, if the worker has one
	 * @param metrics the meters
	 */
	public DeadLetterRecoverer(DeadLetterPublishingRecoverer publisher, DefaultKafkaProducerFactory<?, ?> producerFactory,
			ObjectProvider<WriteBehindCache> cache, WorkerMetrics metrics) {
		this.publisher = publisher;
		this.producerFactory = producerFactory;
		this.cache = cache;
		this.metrics = metrics;
	}

	@Override
	public void accept(ConsumerRecord<?, ?> record, Exception exception) {
		evict(record);
		this.publisher.accept(record, exception);
		this.metrics.deadLettered();
	}

	private void evict(ConsumerRecord<?, ?> record) {
		WriteBehindCache writeBehindCache = this.cache.getIfAvailable();
		if (writeBehindCache == null || record.key() == null) {
			return;
		}
		String type = header(record, WriteBehindHeaders.TYPE);
		if (record.value() instanceof WriteBehindEnvelope envelope) {
			type = envelope.type();
		}
		long version = versionOf(record);
		if (type != null) {
			writeBehindCache.evict(type, record.key().toString(), version);
		}
	}

	/**
	 * The version of a record, or {@code Long.MAX_VALUE} (whatever the cache holds) if its headers are
	 * malformed.
	 * @param record the record
	 * @return the version
	 */
	static long versionOf(ConsumerRecord<?, ?> record) {
		try {
			return WriteBehindVersions.ofRecord(record.headers(), record.offset());
		}
		catch (InvalidEnvelopeException ex) {
			return Long.MAX_VALUE;
		}
	}

	/**
	 * The headers added to a dead-letter record besides Spring's: its version, so that a replay keeps it
	 * rather than taking the replayed record's offset (which would put it above every later update).
	 * @param record the failed record
	 * @param exception why it failed
	 * @return the headers to add
	 */
	static Headers versionHeader(ConsumerRecord<?, ?> record, Exception exception) {
		RecordHeaders headers = new RecordHeaders();
		if (record.headers().lastHeader(WriteBehindHeaders.VERSION) == null) {
			long version = versionOf(record);
			if (version != Long.MAX_VALUE) {
				headers.add(WriteBehindHeaders.VERSION, String.valueOf(version).getBytes(StandardCharsets.UTF_8));
			}
		}
		return headers;
	}

	@Override
	public void destroy() {
		this.producerFactory.destroy();
	}

	private static String header(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null && header.value() != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

}
