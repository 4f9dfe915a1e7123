package io.cachekit.writebehind;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * An {@link EnvelopePublisher} over its own Kafka producer, configured so that an acknowledgement means the
 * update is durable and in order: idempotent, {@code acks=all}, unlimited retries within a bounded delivery
 * timeout, at most 5 requests in flight. Those settings override whatever the application configured for
 * its own producers. Records are keyed by entity id, so one key's updates share a partition, and the offset
 * the broker assigns a record is its update's version ({@link WriteBehindVersions}).
 */
public class KafkaEnvelopePublisher implements EnvelopePublisher, DisposableBean {

	private static final int MAX_IN_FLIGHT = 5;

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
		this.producerFactory = new DefaultKafkaProducerFactory<>(producerConfig(producerProperties, ackTimeout, maxBlock));
		this.template = new KafkaTemplate<>(this.producerFactory);
		this.waitMillis = ackTimeout.toMillis() + maxBlock.toMillis() + 1000;
	}

	/**
	 * The producer configuration write-behind uses: the application's settings with every setting that
	 * durability or ordering depends on forced.
	 * @param base the application's producer settings
	 * @param ackTimeout the delivery timeout
	 * @param maxBlock the metadata and buffer wait
	 * @return the configuration
	 */
	public static Map<String, Object> producerConfig(Map<String, Object> base, Duration ackTimeout, Duration maxBlock) {
		Map<String, Object> config = new HashMap<>(base);
		config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
		config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		config.put(ProducerConfig.ACKS_CONFIG, "all");
		config.put(ProducerConfig.RETRIES_CONFIG, Integer.MAX_VALUE);
		int inFlight = intValue(config.get(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION), MAX_IN_FLIGHT);
		config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, Math.min(Math.max(inFlight, 1), MAX_IN_FLIGHT));
		long delivery = ackTimeout.toMillis();
		long linger = Math.min(intValue(config.get(ProducerConfig.LINGER_MS_CONFIG), 1), delivery / 4);
		long request = Math.min(intValue(config.get(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG), 30_000),
				delivery - linger);
		config.put(ProducerConfig.LINGER_MS_CONFIG, (int) linger);
		config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) request);
		config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) delivery);
		config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, maxBlock.toMillis());
		config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "cachekit-write-behind");
		return config;
	}

	private static int intValue(Object value, int fallback) {
		if (value == null) {
			return fallback;
		}
		return (value instanceof Number number) ? number.intValue() : Integer.parseInt(value.toString().strip());
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
