package io.cachekit.worker.consume;

import java.nio.charset.StandardCharsets;

import io.cachekit.writebehind.WriteBehindCache;
import io.cachekit.writebehind.WriteBehindEnvelope;
import io.cachekit.writebehind.WriteBehindHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;

/**
 * Recovers a record that can never be persisted: evicts its cache entry (so no reader keeps a value MongoDB
 * will never have), then publishes it to the dead-letter topic with the error and its origin
 * topic/partition/offset in headers, waiting for the acknowledgement. If either step fails it throws, and
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
		long version = Long.MAX_VALUE;
		if (record.value() instanceof WriteBehindEnvelope envelope) {
			type = envelope.type();
			version = envelope.version();
		}
		else {
			String header = header(record, WriteBehindHeaders.VERSION);
			if (header != null && header.matches("[0-9]{1,18}")) {
				version = Long.parseLong(header);
			}
		}
		if (type != null) {
			writeBehindCache.evict(type, record.key().toString(), version);
		}
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
