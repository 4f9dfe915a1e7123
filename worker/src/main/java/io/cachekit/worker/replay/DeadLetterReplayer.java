package io.cachekit.worker.replay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.support.serializer.SerializationUtils;

/**
 * Copies every record of the dead-letter topic, as it was when the replay started, back to the write-behind
 * topic: same key, same value, original headers (the dead-letter headers are dropped). Progress is
 * committed in its own consumer group, so an interrupted replay resumes where it stopped and a finished one
 * is not repeated. Replaying is safe: a replayed update older than what MongoDB holds is rejected by the
 * version check.
 */
public class DeadLetterReplayer {

	private static final Duration POLL = Duration.ofMillis(500);

	private final Map<String, Object> consumerConfig;

	private final Map<String, Object> producerConfig;

	/**
	 * Creates a replayer.
	 * @param consumerConfig settings of the dead-letter consumer (bootstrap servers, security, group id)
	 * @param producerConfig settings of the producer (idempotent, {@code acks=all})
	 */
	public DeadLetterReplayer(Map<String, Object> consumerConfig, Map<String, Object> producerConfig) {
		this.consumerConfig = new HashMap<>(consumerConfig);
		this.consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		this.consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		this.consumerConfig.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		this.consumerConfig.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		this.producerConfig = new HashMap<>(producerConfig);
		this.producerConfig.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
				ByteArraySerializer.class);
		this.producerConfig.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
				ByteArraySerializer.class);
	}

	/**
	 * Replays the dead-letter topic up to its end at the time of the call.
	 * @param deadLetterTopic the topic to read
	 * @param targetTopic the topic to write
	 * @return how many records were replayed
	 */
	public long replay(String deadLetterTopic, String targetTopic) {
		long replayed = 0;
		try (Consumer<byte[], byte[]> consumer = new KafkaConsumer<>(this.consumerConfig);
				Producer<byte[], byte[]> producer = new KafkaProducer<>(this.producerConfig)) {
			List<TopicPartition> partitions = new ArrayList<>();
			for (PartitionInfo info : consumer.partitionsFor(deadLetterTopic)) {
				partitions.add(new TopicPartition(deadLetterTopic, info.partition()));
			}
			Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
			consumer.subscribe(List.of(deadLetterTopic));
			while (!reachedEnd(consumer, end)) {
				ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
				List<Future<RecordMetadata>> sends = new ArrayList<>(records.count());
				for (ConsumerRecord<byte[], byte[]> record : records) {
					if (record.offset() < end.getOrDefault(new TopicPartition(record.topic(), record.partition()), 0L)) {
						sends.add(producer.send(copy(record, targetTopic)));
						replayed++;
					}
				}
				awaitAll(sends);
				consumer.commitSync();
			}
		}
		return replayed;
	}

	private static boolean reachedEnd(Consumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
		if (consumer.assignment().isEmpty()) {
			return end.values().stream().allMatch((offset) -> offset == 0L);
		}
		for (Map.Entry<TopicPartition, Long> entry : end.entrySet()) {
			if (consumer.assignment().contains(entry.getKey())
					&& consumer.position(entry.getKey()) < entry.getValue()) {
				return false;
			}
		}
		return consumer.assignment().containsAll(end.keySet());
	}

	private static ProducerRecord<byte[], byte[]> copy(ConsumerRecord<byte[], byte[]> record, String targetTopic) {
		ProducerRecord<byte[], byte[]> copy = new ProducerRecord<>(targetTopic, record.key(), record.value());
		for (Header header : record.headers()) {
			if (!header.key().startsWith(KafkaHeaders.PREFIX + "dlt")
					&& !header.key().startsWith(SerializationUtils.DESERIALIZER_EXCEPTION_HEADER_PREFIX)) {
				copy.headers().add(header);
			}
		}
		return copy;
	}

	private static void awaitAll(List<Future<RecordMetadata>> sends) {
		try {
			for (Future<RecordMetadata> send : sends) {
				send.get(60, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Replay interrupted; it resumes from the last commit", ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("Replay failed; it resumes from the last commit", ex);
		}
	}

}
