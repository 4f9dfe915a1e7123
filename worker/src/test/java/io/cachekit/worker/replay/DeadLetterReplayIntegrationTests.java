package io.cachekit.worker.replay;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
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
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import io.cachekit.test.DevServices;
import io.cachekit.test.WorkerLauncher;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The documented replay command ({@code --spring.profiles.active=replay-dead-letters}) against a real broker.
 */
class DeadLetterReplayIntegrationTests {

	private final String kafka = DevServices.shared().kafkaBootstrapServers();

	private final String topic = "replay-" + UUID.randomUUID();

	private final String deadLetterTopic = this.topic + ".dlt";

	@Test
	void replayCopiesDeadLettersBackWithoutTheirDeadLetterHeadersOnce() throws Exception {
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.kafka), new StringSerializer(),
				new StringSerializer())) {
			for (int i = 0; i < 3; i++) {
				ProducerRecord<String, String> record = new ProducerRecord<>(this.deadLetterTopic, "k" + i, "v" + i);
				record.headers().add("cachekit-type", "item".getBytes(StandardCharsets.UTF_8));
				record.headers().add("kafka_dlt-exception-message", "boom".getBytes(StandardCharsets.UTF_8));
				producer.send(record).get(10, TimeUnit.SECONDS);
			}
		}
		runReplay();
		runReplay();
		List<ConsumerRecord<String, String>> replayed = read(this.topic, 3);
		assertThat(replayed).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("k0", "k1", "k2");
		assertThat(replayed).extracting(ConsumerRecord::value).containsExactlyInAnyOrder("v0", "v1", "v2");
		for (ConsumerRecord<String, String> record : replayed) {
			assertThat(record.headers().lastHeader("cachekit-type")).isNotNull();
			assertThat(record.headers().toArray()).extracting(Header::key)
				.noneMatch((key) -> key.startsWith("kafka_dlt"));
		}
	}

	private void runReplay() {
		ConfigurableApplicationContext context = WorkerLauncher.forNamespace("replay")
			.onServers(this.kafka, DevServices.shared().redis().url(), DevServices.shared().mongoUri() + "/replay")
			.properties("spring.profiles.active=replay-dead-letters", "cachekit.worker.exit-after-replay=false",
					"cachekit.worker.topic=" + this.topic, "cachekit.worker.group-id=group-" + this.topic,
					"cachekit.worker.partitions=2")
			.start();
		context.close();
	}

	private List<ConsumerRecord<String, String>> read(String topic, int expected) {
		Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.kafka,
				ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
				"earliest");
		List<ConsumerRecord<String, String>> records = new ArrayList<>();
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
				new StringDeserializer())) {
			consumer.subscribe(List.of(topic));
			long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
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

}
