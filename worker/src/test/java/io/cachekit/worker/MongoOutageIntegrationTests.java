package io.cachekit.worker;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.core.ConsumerFactory;

import io.cachekit.test.DevServices;
import io.cachekit.test.EmbeddedMongoServer;
import io.cachekit.worker.WriteBehindTestCluster.Worker;
import io.cachekit.writebehind.WriteBehindTemplate;
import io.cachekit.writebehind.envelope.WriteBehindHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MongoDB down while updates keep coming: the worker retries with back-off, its consumer paused and polling
 * rather than tripping {@code max.poll.interval.ms} or giving up, so every acknowledged update is persisted once
 * MongoDB is back, nothing is dead-lettered, and no partition moves.
 */
class MongoOutageIntegrationTests {

	private static final Duration OUTAGE = Duration.ofSeconds(30);

	private static final Duration MAX_POLL_INTERVAL = Duration.ofSeconds(10);

	private final EmbeddedMongoServer mongo = EmbeddedMongoServer.start(0);

	private final WriteBehindTestCluster cluster = new WriteBehindTestCluster("mongo-outage",
			DevServices.shared().kafkaBootstrapServers(), DevServices.shared().redis().url(), this.mongo.uri());

	@AfterEach
	void close() {
		this.cluster.close();
		this.mongo.close();
	}

	@Test
	void outageLongerThanTheMaxPollIntervalPausesTheConsumerLosesNothingAndMovesNoPartition() throws Exception {
		WriteBehindTemplate template = this.cluster.publisher().getBean(WriteBehindTemplate.class);
		Worker worker = this.cluster.worker("cachekit.worker.max-poll-interval=" + MAX_POLL_INTERVAL.toSeconds() + "s");
		assertThat(worker.context.getBean(ConsumerFactory.class).getConfigurationProperties())
			.containsEntry(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) MAX_POLL_INTERVAL.toMillis());
		assertThat(OUTAGE).isGreaterThan(MAX_POLL_INTERVAL.multipliedBy(2));
		WriteBehindTestCluster.await(Duration.ofSeconds(30), "the worker to be assigned its partitions",
				() -> worker.rebalances.assignments() > 0);
		Map<String, Long> acknowledged = new ConcurrentHashMap<>();
		AtomicBoolean writing = new AtomicBoolean(true);
		RegressionAuditor auditor = new RegressionAuditor(this.cluster);
		auditor.start();
		ExecutorService writers = Executors.newFixedThreadPool(2);
		for (int t = 0; t < 2; t++) {
			writers.submit(() -> {
				while (writing.get()) {
					String key = "k" + ThreadLocalRandom.current().nextInt(300);
					acknowledged.merge(key, template.save(WriteBehindTestCluster.TYPE, key, Map.of("at", System.nanoTime())),
							Math::max);
					Thread.sleep(2);
				}
				return null;
			});
		}
		Thread.sleep(2000);
		int assignmentsBefore = worker.rebalances.assignments();
		int pausesBefore = worker.rebalances.pauses();
		this.mongo.stop();
		Thread.sleep(OUTAGE.toMillis());
		int pausesDuringOutage = worker.rebalances.pauses() - pausesBefore;
		int rebalancesDuringOutage = worker.rebalances.revocationsAndLosses();
		this.mongo.restart();
		Thread.sleep(1000);
		writing.set(false);
		writers.shutdown();
		assertThat(writers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
		WriteBehindTestCluster.await(Duration.ofSeconds(60), "every acknowledged version in MongoDB",
				() -> acknowledged.equals(this.cluster.storedVersions()));
		auditor.stop();
		assertThat(pausesDuringOutage).as("consumer pauses for batch retries during the outage").isPositive();
		assertThat(rebalancesDuringOutage).as("partitions revoked or lost during the outage").isZero();
		assertThat(worker.rebalances.revocationsAndLosses()).as("partitions revoked or lost in the whole test")
			.isZero();
		assertThat(worker.rebalances.assignments()).as("partition assignments").isEqualTo(assignmentsBefore);
		assertThat(this.cluster.storedVersions()).isEqualTo(acknowledged);
		assertThat(auditor.regressions()).isZero();
		assertThat(worker.counter("cachekit.worker.records.dead.lettered")).isZero();
		assertThat(worker.container().isRunning()).isTrue();
	}

	/**
	 * A batch holding poison records fails as a whole while MongoDB is down; once MongoDB is back, only the
	 * poison records are dead-lettered: the retry must not recover the whole batch.
	 */
	@Test
	void poisonRecordsInABatchRetriedThroughAnOutageAreTheOnlyOnesDeadLettered() throws Exception {
		WriteBehindTemplate template = this.cluster.publisher().getBean(WriteBehindTemplate.class);
		this.mongo.stop();
		Map<String, Long> acknowledged = new HashMap<>();
		Set<String> poisoned = ConcurrentHashMap.newKeySet();
		AtomicInteger updates = new AtomicInteger();
		Runnable goodUpdates = () -> {
			for (int i = 0; i < 100; i++) {
				String key = "k" + (i % 20);
				Map<String, Integer> value = Map.of("n", updates.incrementAndGet());
				acknowledged.put(key, template.save(WriteBehindTestCluster.TYPE, key, value));
			}
		};
		goodUpdates.run();
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.cluster.kafka, ProducerConfig.ACKS_CONFIG, "all"),
				new StringSerializer(), new ByteArraySerializer())) {
			for (int i = 0; i < 8; i++) {
				String key = "poison-" + i;
				String value = (i % 2 == 0) ? "{not json"
						: "{\"type\":\"item\",\"id\":\"" + key + "\",\"version\":7,\"timestamp\":1,\"schemaVersion\":1,"
								+ "\"origin\":\"test\",\"payload\":{\"$where\":1}}";
				ProducerRecord<String, byte[]> record = new ProducerRecord<>(this.cluster.topic, key,
						value.getBytes(StandardCharsets.UTF_8));
				record.headers().add(WriteBehindHeaders.TYPE, "item".getBytes(StandardCharsets.UTF_8));
				producer.send(record).get(10, TimeUnit.SECONDS);
				poisoned.add(key);
			}
		}
		goodUpdates.run();
		// started now, the worker's first batch holds every record, poison in the middle of each partition
		Worker worker = this.cluster.worker();
		WriteBehindTestCluster.await(Duration.ofSeconds(30), "the worker to retry its first batch",
				() -> worker.rebalances.pauses() > 0);
		Thread.sleep(3000);
		this.mongo.restart();
		WriteBehindTestCluster.await(Duration.ofSeconds(60), "consumer lag back to 0",
				() -> this.cluster.consumerLag() == 0);
		WriteBehindTestCluster.await(Duration.ofSeconds(30), "every acknowledged version in MongoDB",
				() -> acknowledged.equals(this.cluster.storedVersions()));
		assertThat(deadLetteredKeys(poisoned.size())).containsExactlyInAnyOrderElementsOf(poisoned);
		assertThat(worker.counter("cachekit.worker.records.dead.lettered")).isEqualTo(poisoned.size());
		assertThat(this.cluster.storedVersions()).isEqualTo(acknowledged);
	}

	private List<String> deadLetteredKeys(int expected) {
		Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.cluster.kafka,
				ConsumerConfig.GROUP_ID_CONFIG, "dlt-reader-" + UUID.randomUUID(),
				ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		List<String> keys = new ArrayList<>();
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
				new ByteArrayDeserializer())) {
			consumer.subscribe(List.of(this.cluster.topic + ".dlt"));
			long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
			long quietUntil = 0;
			while (System.nanoTime() < deadline && (keys.size() < expected || System.nanoTime() < quietUntil)) {
				for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
					keys.add(record.key());
				}
				if (keys.size() >= expected && quietUntil == 0) {
					quietUntil = System.nanoTime() + Duration.ofSeconds(2).toNanos();
				}
			}
		}
		return keys;
	}

}
