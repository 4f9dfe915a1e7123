package io.cachekit.writebehind;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import io.cachekit.writebehind.envelope.WriteBehindEnvelope;
import io.cachekit.writebehind.envelope.WriteBehindEnvelopeCodec;
import io.cachekit.writebehind.envelope.WriteBehindHeaders;
import io.cachekit.writebehind.envelope.WriteBehindProducerConfig;
import io.cachekit.writebehind.envelope.WriteBehindVersions;

/**
 * An {@link EnvelopePublisher} over its own Kafka producer, configured so that an acknowledgement means the
 * update is durable and in order: idempotent, {@code acks=all}, unlimited retries within a bounded delivery
 * timeout, at most 5 requests in flight. Those settings override whatever the application configured for
 * its own producers. Records are keyed by entity id, so one key's updates share a partition, and the offset
 * the broker assigns a record is its update's version ({@link WriteBehindVersions}).
 */
public class KafkaEnvelopePublisher implements EnvelopePublisher, DisposableBean {

	private final String topic;

	private final WriteBehindEnvelopeCodec codec;

	private final DefaultKafkaProducerFactory<String, byte[]> producerFactory;

	private final KafkaTemplate<String, byte[]> template;

	private final long waitMillis;

	private final int versionEpoch;

	private final byte[] epochHeader;

	/**
	 * Creates a publisher with version epoch 0.
	 * @param producerProperties the application's producer settings (bootstrap servers, security...)
	 * @param topic the write-behind topic
	 * @param codec writes envelopes
	 * @param ackTimeout the longest a send may take, retries included ({@code delivery.timeout.ms})
	 * @param maxBlock the longest a send may wait for metadata or buffer space ({@code max.block.ms})
	 */
	public KafkaEnvelopePublisher(Map<String, Object> producerProperties, String topic, WriteBehindEnvelopeCodec codec,
			Duration ackTimeout, Duration maxBlock) {
		this(producerProperties, topic, codec, ackTimeout, maxBlock, 0);
	}

	/**
	 * Creates a publisher.
	 * @param producerProperties the application's producer settings (bootstrap servers, security...)
	 * @param topic the write-behind topic
	 * @param codec writes envelopes
	 * @param ackTimeout the longest a send may take, retries included ({@code delivery.timeout.ms})
	 * @param maxBlock the longest a send may wait for metadata or buffer space ({@code max.block.ms})
	 * @param versionEpoch the epoch of the versions this publisher assigns ({@link WriteBehindVersions})
	 */
	public KafkaEnvelopePublisher(Map<String, Object> producerProperties, String topic, WriteBehindEnvelopeCodec codec,
			Duration ackTimeout, Duration maxBlock, int versionEpoch) {
		WriteBehindVersions.of(versionEpoch, 0);
		this.versionEpoch = versionEpoch;
		this.epochHeader = String.valueOf(versionEpoch).getBytes(StandardCharsets.UTF_8);
		this.topic = topic;
		this.codec = codec;
		this.producerFactory = new DefaultKafkaProducerFactory<>(WriteBehindProducerConfig.of(producerProperties, ackTimeout, maxBlock));
		this.template = new KafkaTemplate<>(this.producerFactory);
		this.waitMillis = ackTimeout.toMillis() + maxBlock.toMillis() + 1000;
	}

	@Override
	public long publish(WriteBehindEnvelope envelope) {
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(this.topic, null, envelope.timestamp(),
				envelope.id(), this.codec.encode(envelope));
		record.headers().add(WriteBehindHeaders.TYPE, envelope.type().getBytes(StandardCharsets.UTF_8));
		record.headers().add(WriteBehindHeaders.EPOCH, this.epochHeader);
		try {
			RecordMetadata metadata = this.template.send(record)
				.get(this.waitMillis, TimeUnit.MILLISECONDS)
				.getRecordMetadata();
			if (!metadata.hasOffset()) {
				throw new WriteBehindUnavailableException(envelope.type(), envelope.id(),
						new IllegalStateException("The broker acknowledged the record without an offset"));
			}
			return WriteBehindVersions.of(this.versionEpoch, metadata.offset());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new WriteBehindUnavailableException(envelope.type(), envelope.id(), ex);
		}
		catch (ExecutionException ex) {
			throw new WriteBehindUnavailableException(envelope.type(), envelope.id(), ex.getCause());
		}
		catch (WriteBehindUnavailableException ex) {
			throw ex;
		}
		catch (TimeoutException | RuntimeException ex) {
			throw new WriteBehindUnavailableException(envelope.type(), envelope.id(), ex);
		}
	}

	/**
	 * The configuration of the underlying producer.
	 * @return the effective producer settings
	 */
	public Map<String, Object> getProducerConfiguration() {
		return this.producerFactory.getConfigurationProperties();
	}

	@Override
	public void destroy() {
		this.producerFactory.destroy();
	}

}
