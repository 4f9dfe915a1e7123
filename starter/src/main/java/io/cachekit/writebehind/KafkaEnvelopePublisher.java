package io.cachekit.writebehind;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.util.Assert;

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

	/** The name of the observation of each publish. */
	public static final String PUBLISH = "cachekit.write-behind.publish";

	private final String topic;

	private final WriteBehindEnvelopeCodec codec;

	private final DefaultKafkaProducerFactory<String, byte[]> producerFactory;

	private final KafkaTemplate<String, byte[]> template;

	private final long waitMillis;

	private final int versionEpoch;

	private final byte[] epochHeader;

	private ObservationRegistry observations = ObservationRegistry.NOOP;

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
		// its own name in Spring Kafka's meters, apart from the application's template
		this.template.setBeanName("cachekitWriteBehindKafkaTemplate");
		this.waitMillis = ackTimeout.toMillis() + maxBlock.toMillis() + 1000;
	}

	/**
	 * Observes every publish as {@code cachekit.write-behind.publish}: with Micrometer's meter handler a timer
	 * of the time to the broker's acknowledgement, tagged {@code type} (the entity type) and {@code outcome}
	 * ({@code acknowledged} or {@code failed}). Spring Kafka's own observation of the send is turned on too, so
	 * that a tracer propagates the trace context to the worker in the record's headers.
	 * @param observations the registry; {@link ObservationRegistry#NOOP} (the default) observes nothing
	 */
	public void setObservationRegistry(ObservationRegistry observations) {
		Assert.notNull(observations, "Observation registry must not be null");
		this.observations = observations;
		// the template's own observation carries the trace context in the record's headers
		this.template.setObservationEnabled(true);
		this.template.setObservationRegistry(observations);
	}

	@Override
	public long publish(WriteBehindEnvelope envelope) {
		Observation observation = Observation.createNotStarted(PUBLISH, this.observations)
			.contextualName("write-behind publish " + envelope.type())
			.lowCardinalityKeyValue("type", envelope.type())
			.start();
		try (Observation.Scope scope = observation.openScope()) {
			long version = send(envelope);
			observation.lowCardinalityKeyValue("outcome", "acknowledged");
			return version;
		}
		catch (RuntimeException ex) {
			observation.lowCardinalityKeyValue("outcome", "failed");
			observation.error(ex);
			throw ex;
		}
		finally {
			observation.stop();
		}
	}

	private long send(WriteBehindEnvelope envelope) {
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
