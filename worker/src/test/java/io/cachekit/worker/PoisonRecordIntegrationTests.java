package io.cachekit.worker;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ConfigurableApplicationContext;

import io.cachekit.worker.WriteBehindTestCluster.Worker;
import io.cachekit.worker.store.RejectedEnvelopeException;
import io.cachekit.writebehind.WriteBehindTemplate;
import io.cachekit.writebehind.envelope.InvalidEnvelopeException;
import io.cachekit.writebehind.envelope.WriteBehindHeaders;
import io.cachekit.writebehind.envelope.WriteBehindVersions;
import io.cachekit.writebehind.pending.WriteBehindCache;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Poison records on real Kafka, Redis and a MongoDB wire server: one malformed record per 1,000 goes to the
 * dead-letter topic with its error and its original topic, partition and offset, its cache entry is evicted,
 * and the partition keeps flowing.
 */
class PoisonRecordIntegrationTests {

	private static final int RECORDS = 10_000;

	private static final String[] MALFORMED = { "{not json",
			"{\"type\":\"item\",\"id\":\"x\",\"version\":1,\"timestamp\":1,\"schemaVersion\":99,\"origin\":\"test\","
					+ "\"payload\":{}}",
			"[]",
			"{\"type\":\"item\",\"id\":\"x\",\"version\":1,\"timestamp\":1,\"schemaVersion\":1,\"origin\":\"test\","
					+ "\"payload\":\"text\"}" };

	private final WriteBehindTestCluster cluster = WriteBehindTestCluster.onSharedServers("poison");

	@AfterEach
	void close() {
		this.cluster.close();
	}

	@Test
	void malformedRecordsAreDeadLetteredEvictedAndSkippedPast() throws Exception {
		ConfigurableApplicationContext publisher = this.cluster.publisher();
		WriteBehindTemplate template = publisher.getBean(WriteBehindTemplate.class);
		WriteBehindCache cache = publisher.getBean(WriteBehindCache.class);
		Worker worker = this.cluster.worker();
		Map<String, Long> acknowledged = new HashMap<>();
		Map<String, byte[]> poisoned = new HashMap<>();
		Map<String, RecordMetadata> poisonedAt = new HashMap<>();
		Map<String, String> reasons = new HashMap<>();
		try (KafkaProducer<String, byte[]> producer = rawProducer()) {
			for (int i = 1; i <= RECORDS; i++) {
				if (i % 1000 == 0) {
					String key = "poison-" + i;
					byte[] value = malformed(i / 1000, key);
					ProducerRecord<String, byte[]> record = new ProducerRecord<>(this.cluster.topic, key, value);
					record.headers().add(WriteBehindHeaders.TYPE, "item".getBytes(StandardCharsets.UTF_8));
					if ((i / 1000) % 2 == 1) {
						// as cachekit 0.1 wrote them, with a version header
						cache.pin(WriteBehindTestCluster.TYPE, key, 7, "{\"stale\":true}");
						record.headers().add(WriteBehindHeaders.VERSION, "7".getBytes(StandardCharsets.UTF_8));
					}
					else {
						// as cachekit writes them now: the version is the offset
						cache.pin(WriteBehindTestCluster.TYPE, key, 1, "{\"stale\":true}");
						record.headers().add(WriteBehindHeaders.EPOCH, "0".getBytes(StandardCharsets.UTF_8));
					}
					poisonedAt.put(key, producer.send(record).get(10, TimeUnit.SECONDS));
					poisoned.put(key, value);
					reasons.put(key, reason(i / 1000));
				}
				else {
					String key = "k" + (i % 500);
					acknowledged.put(key, template.save(WriteBehindTestCluster.TYPE, key, Map.of("n", i)));
				}
			}
		}
		long sent = System.nanoTime();
		WriteBehindTestCluster.await(Duration.ofSeconds(30), "consumer lag back to 0",
				() -> this.cluster.consumerLag() == 0);
		assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(Duration.ofSeconds(30));
		List<ConsumerRecord<String, byte[]>> deadLetters = readDeadLetters(poisoned.size());
		assertThat(deadLetters).extracting(ConsumerRecord::key).containsExactlyInAnyOrderElementsOf(poisoned.keySet());
		for (ConsumerRecord<String, byte[]> deadLetter : deadLetters) {
			assertSameValue(deadLetter.value(), poisoned.get(deadLetter.key()));
			RecordMetadata original = poisonedAt.get(deadLetter.key());
			assertThat(header(deadLetter, "kafka_dlt-original-topic")).isEqualTo(original.topic())
				.isEqualTo(this.cluster.topic);
			assertThat(ByteBuffer.wrap(rawHeader(deadLetter, "kafka_dlt-original-partition")).getInt())
				.as("original partition of %s", deadLetter.key())
				.isEqualTo(original.partition());
			assertThat(ByteBuffer.wrap(rawHeader(deadLetter, "kafka_dlt-original-offset")).getLong())
				.as("original offset of %s", deadLetter.key())
				.isEqualTo(original.offset());
			assertThat(header(deadLetter, "kafka_dlt-exception-message")).as("error of %s", deadLetter.key())
				.contains(reasons.get(deadLetter.key()));
			assertThat(header(deadLetter, "kafka_dlt-exception-cause-fqcn")).as("cause of %s", deadLetter.key())
				.isIn(InvalidEnvelopeException.class.getName(), RejectedEnvelopeException.class.getName());
			assertThat(header(deadLetter, "kafka_dlt-exception-stacktrace")).contains(reasons.get(deadLetter.key()));
			assertThat(header(deadLetter, WriteBehindHeaders.TYPE)).isEqualTo("item");
			// a replay judges the update by the version it had, not by its offset in the replayed topic
			assertThat(WriteBehindVersions.ofRecord(deadLetter.headers(), deadLetter.offset()))
				.as("version of %s", deadLetter.key())
				.isEqualTo((header(deadLetter, WriteBehindHeaders.EPOCH) != null)
						? WriteBehindVersions.of(0, original.offset()) : 7L);
		}
		for (String key : poisoned.keySet()) {
			assertThat(cache.get(WriteBehindTestCluster.TYPE, key)).as("cache entry of %s", key).isNull();
		}
		assertThat(this.cluster.storedVersions()).isEqualTo(acknowledged);
		assertThat(worker.counter("cachekit.worker.records.dead.lettered")).isEqualTo(poisoned.size());
	}

	/** Unreadable JSON, unsupported schema, wrong shapes, and a valid envelope MongoDB refuses to store. */
	private static byte[] malformed(int kind, String key) {
		String value = (kind % 5 == 4) ? "{\"type\":\"item\",\"id\":\"" + key
				+ "\",\"version\":7,\"timestamp\":1,\"schemaVersion\":1,\"origin\":\"test\",\"payload\":{\"$where\":1}}"
				: MALFORMED[kind % MALFORMED.length];
		return value.getBytes(StandardCharsets.UTF_8);
	}

	/** What the dead-letter error message must say about each kind of {@link #malformed(int, String)} record. */
	private static String reason(int kind) {
		if (kind % 5 == 4) {
			return "field name '$where' starts with '$'";
		}
		return switch (kind % MALFORMED.length) {
			case 0 -> "is not a valid envelope";
			case 1 -> "Unsupported envelope schemaVersion 99";
			case 2 -> "is not a valid envelope";
			default -> "payload must be a JSON object";
		};
	}

	private static void assertSameValue(byte[] actual, byte[] expected) {
		JsonMapper mapper = new JsonMapper();
		if (new String(expected, StandardCharsets.UTF_8).contains("$where")) {
			assertThat(mapper.readTree(actual)).isEqualTo(mapper.readTree(expected));
		}
		else {
			assertThat(actual).isEqualTo(expected);
		}
	}

	private KafkaProducer<String, byte[]> rawProducer() {
		return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.cluster.kafka,
				ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
	}

	private List<ConsumerRecord<String, byte[]>> readDeadLetters(int expected) {
		Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.cluster.kafka,
				ConsumerConfig.GROUP_ID_CONFIG, "dlt-reader-" + UUID.randomUUID(),
				ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
				new ByteArrayDeserializer())) {
			consumer.subscribe(List.of(this.cluster.topic + ".dlt"));
			long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
			long quietUntil = 0;
			while (System.nanoTime() < deadline && (records.size() < expected || System.nanoTime() < quietUntil)) {
				consumer.poll(Duration.ofMillis(200)).forEach(records::add);
				if (records.size() >= expected && quietUntil == 0) {
					quietUntil = System.nanoTime() + Duration.ofSeconds(1).toNanos();
				}
			}
		}
		return records;
	}

	private static String header(ConsumerRecord<?, ?> record, String name) {
		byte[] value = rawHeader(record, name);
		return (value != null) ? new String(value, StandardCharsets.UTF_8) : null;
	}

	private static byte[] rawHeader(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? header.value() : null;
	}

}
