package io.cachekit.worker;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.cachekit.worker.WriteBehindTestCluster.Worker;
import io.cachekit.writebehind.WriteBehindTemplate;
import io.cachekit.writebehind.envelope.WriteBehindHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A dead-letter topic that refuses the record (here: its {@code max.message.bytes} is too small): the poison
 * record is not skipped — its partition stays uncommitted — until the dead-letter publish succeeds.
 */
class DeadLetterFailureIntegrationTests {

	private final WriteBehindTestCluster cluster = WriteBehindTestCluster.onSharedServers("dlt-failure");

	private final Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.cluster.kafka));

	private final String deadLetterTopic = this.cluster.topic + ".dlt";

	@AfterEach
	void close() {
		this.admin.close();
		this.cluster.close();
	}

	@Test
	void poisonRecordIsRetriedUntilTheDeadLetterTopicAcceptsIt() throws Exception {
		this.admin.createTopics(List.of(new NewTopic(this.deadLetterTopic, 4, (short) 1)
			.configs(Map.of("max.message.bytes", "64")))).all().get(30, TimeUnit.SECONDS);
		WriteBehindTemplate template = this.cluster.publisher().getBean(WriteBehindTemplate.class);
		Worker worker = this.cluster.worker();
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.cluster.kafka), new StringSerializer(),
				new ByteArraySerializer())) {
			ProducerRecord<String, byte[]> poison = new ProducerRecord<>(this.cluster.topic, "bad",
					"{not json".getBytes(StandardCharsets.UTF_8));
			poison.headers().add(WriteBehindHeaders.TYPE, "item".getBytes(StandardCharsets.UTF_8));
			producer.send(poison).get(10, TimeUnit.SECONDS);
		}
		Map<String, Long> acknowledged = new HashMap<>();
		for (int i = 0; i < 50; i++) {
			acknowledged.put("k" + i, template.save(WriteBehindTestCluster.TYPE, "k" + i, Map.of("i", i)));
		}
		Thread.sleep(3000);
		assertThat(this.cluster.consumerLag()).isPositive();
		assertThat(deadLetterCount()).isZero();
		assertThat(worker.counter("cachekit.worker.records.dead.lettered")).isZero();
		ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, this.deadLetterTopic);
		Collection<AlterConfigOp> larger = List
			.of(new AlterConfigOp(new ConfigEntry("max.message.bytes", "1048576"), AlterConfigOp.OpType.SET));
		this.admin.incrementalAlterConfigs(Map.of(topic, larger)).all().get(10, TimeUnit.SECONDS);
		WriteBehindTestCluster.await(Duration.ofSeconds(30), "consumer lag back to 0",
				() -> this.cluster.consumerLag() == 0);
		assertThat(deadLetterCount()).isEqualTo(1);
		assertThat(worker.counter("cachekit.worker.records.dead.lettered")).isEqualTo(1);
		assertThat(this.cluster.storedVersions()).isEqualTo(acknowledged);
	}

	private long deadLetterCount() throws Exception {
		Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
		for (int p = 0; p < 4; p++) {
			latest.put(new TopicPartition(this.deadLetterTopic, p), OffsetSpec.latest());
		}
		return this.admin.listOffsets(latest)
			.all()
			.get(10, TimeUnit.SECONDS)
			.values()
			.stream()
			.mapToLong((info) -> info.offset())
			.sum();
	}

}
