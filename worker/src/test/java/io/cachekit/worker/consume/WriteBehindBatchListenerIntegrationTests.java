package io.cachekit.worker.consume;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Projections;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.redisson.api.RedissonClient;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.cachekit.keys.CachekitKeys;
import io.cachekit.test.DevServices;
import io.cachekit.test.TestRedisson;
import io.cachekit.worker.WorkerProperties;
import io.cachekit.worker.store.MongoEnvelopeStore;
import io.cachekit.writebehind.envelope.WriteBehindEnvelope;
import io.cachekit.writebehind.envelope.WriteBehindHeaders;
import io.cachekit.writebehind.pending.RedissonWriteBehindCache;
import io.cachekit.writebehind.pending.WriteBehindCache;
import io.cachekit.writebehind.pending.WriteBehindCache.VersionedKey;
import io.cachekit.writebehind.pending.WriteBehindKeys;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link WriteBehindBatchListener} and its meters against the MongoDB wire server, with batches of known
 * content.
 */
@ExtendWith(OutputCaptureExtension.class)
class WriteBehindBatchListenerIntegrationTests {

	private static final int RECORDS = 300;

	private static final int KEYS = 40;

	private final MongoClient client = MongoClients.create(DevServices.shared().mongoUri());

	private final MongoDatabase database = this.client.getDatabase("listener-" + UUID.randomUUID());

	private final MeterRegistry registry = new SimpleMeterRegistry();

	private final WriteBehindBatchListener listener;

	private final JsonMapper mapper = new JsonMapper();

	private final RedissonClient redisson = TestRedisson.plain(DevServices.shared().redis().url());

	private final RedissonWriteBehindCache pins = new RedissonWriteBehindCache(this.redisson,
			new WriteBehindKeys(CachekitKeys.of("listener-" + UUID.randomUUID())), Duration.ofDays(1), Duration.ofMinutes(10));

	private final List<VersionedKey> evictedCopies = new ArrayList<>();

	private final WriteBehindBatchListener pinningListener;

	WriteBehindBatchListenerIntegrationTests() {
		DefaultListableBeanFactory pinning = new DefaultListableBeanFactory();
		pinning.registerSingleton("pins", this.pins);
		pinning.registerSingleton("copies", (CachedCopies) this.evictedCopies::addAll);
		this.pinningListener = new WriteBehindBatchListener(
				new MongoEnvelopeStore(this.database, new WorkerProperties().getWriteConcern().toWriteConcern()),
				pinning.getBeanProvider(WriteBehindCache.class), pinning.getBeanProvider(CachedCopies.class),
				pinning.getBeanProvider(BatchObserver.class), new WorkerMetrics(this.registry), Clock.systemUTC());
		DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
		this.listener = new WriteBehindBatchListener(
				new MongoEnvelopeStore(this.database, new WorkerProperties().getWriteConcern().toWriteConcern()),
				beans.getBeanProvider(WriteBehindCache.class), beans.getBeanProvider(CachedCopies.class),
				beans.getBeanProvider(BatchObserver.class),
				new WorkerMetrics(this.registry), Clock.systemUTC());
	}

	@AfterEach
	void close() {
		this.database.drop();
		this.client.close();
		this.redisson.shutdown();
	}

	@Test
	void updateArrivingAfterANewerOneIsReportedItsPinDroppedAndMongoDbKept(CapturedOutput output) {
		this.pinningListener.onBatch(List.of(current("k1", 10, "newer")));
		this.pins.pin("item", "k1", 5, "{\"name\":\"older\"}");
		this.pinningListener.onBatch(List.of(current("k1", 4, "older")));
		assertThat(counter("cachekit.worker.records.superseded")).isOne();
		assertThat(counter("cachekit.worker.records.stale")).isOne();
		assertThat(output).contains("Write-behind update item 'k1' v5 was acknowledged but is not written: "
				+ "MongoDB already holds v11");
		assertThat(this.pins.get("item", "k1")).as("the older update's pin is dropped").isNull();
		assertThat(storedVersions()).containsEntry("k1", 11L);
		assertThat(this.database.getCollection("item").find().first().getString("name")).isEqualTo("newer");
		assertThat(this.evictedCopies).as("copies of persisted keys evicted, not of refused ones")
			.containsExactly(new VersionedKey("item", "k1", 11));
	}

	@Test
	void redeliveryOfTheStoredVersionIsStaleButNotSuperseded(CapturedOutput output) {
		ConsumerRecord<String, WriteBehindEnvelope> record = current("k2", 7, "once");
		this.pinningListener.onBatch(List.of(record));
		this.pinningListener.onBatch(List.of(record));
		assertThat(counter("cachekit.worker.records.stale")).isOne();
		assertThat(counter("cachekit.worker.records.superseded")).isZero();
		assertThat(output).doesNotContain("was acknowledged but is not written");
	}

	/** A record as cachekit publishes it now: no version in the value, the version is its offset plus one. */
	private ConsumerRecord<String, WriteBehindEnvelope> current(String id, long offset, String name) {
		WriteBehindEnvelope envelope = new WriteBehindEnvelope("item", id, 0, System.currentTimeMillis(),
				WriteBehindEnvelope.CURRENT_SCHEMA_VERSION, "test", this.mapper.valueToTree(Map.of("name", name)));
		ConsumerRecord<String, WriteBehindEnvelope> record = new ConsumerRecord<>("wb", 0, offset, id, envelope);
		record.headers().add(WriteBehindHeaders.EPOCH, "0".getBytes());
		return record;
	}

	@Test
	void batchOfManyUpdatesOverFewKeysCountsEveryRecordConsumedAndAllButTheNewestPerKeyCoalesced() {
		List<ConsumerRecord<String, WriteBehindEnvelope>> batch = batch(0);
		this.listener.onBatch(batch);
		assertThat(counter("cachekit.worker.records.consumed")).isEqualTo(RECORDS);
		assertThat(counter("cachekit.worker.records.coalesced")).isEqualTo(RECORDS - KEYS);
		assertThat(counter("cachekit.worker.records.persisted")).isEqualTo(KEYS);
		assertThat(counter("cachekit.worker.records.stale")).isZero();
		assertThat(this.registry.get("cachekit.worker.batch.size").summary().count()).isOne();
		assertThat(this.registry.get("cachekit.worker.batch.size").summary().totalAmount()).isEqualTo(RECORDS);
		assertThat(this.registry.get("cachekit.worker.lag").timer().count()).isEqualTo(RECORDS);
		assertThat(storedVersions()).isEqualTo(newestVersions(batch));
	}

	@Test
	void replayedBatchIsConsumedAndCoalescedAgainAndItsWinnersCountedStale() {
		List<ConsumerRecord<String, WriteBehindEnvelope>> batch = batch(0);
		this.listener.onBatch(batch);
		this.listener.onBatch(batch(RECORDS));
		assertThat(counter("cachekit.worker.records.consumed")).isEqualTo(2 * RECORDS);
		assertThat(counter("cachekit.worker.records.coalesced")).isEqualTo(2 * (RECORDS - KEYS));
		assertThat(counter("cachekit.worker.records.persisted")).isEqualTo(KEYS);
		assertThat(counter("cachekit.worker.records.stale")).isEqualTo(KEYS);
		assertThat(this.registry.get("cachekit.worker.batch.size").summary().count()).isEqualTo(2);
		assertThat(storedVersions()).isEqualTo(newestVersions(batch));
	}

	/**
	 * {@link #RECORDS} records over {@link #KEYS} keys, key {@code i % KEYS} at version {@code i / KEYS + 1}, in
	 * one partition from the given offset.
	 */
	private List<ConsumerRecord<String, WriteBehindEnvelope>> batch(long firstOffset) {
		List<ConsumerRecord<String, WriteBehindEnvelope>> records = new ArrayList<>();
		for (int i = 0; i < RECORDS; i++) {
			String id = "k" + (i % KEYS);
			WriteBehindEnvelope envelope = new WriteBehindEnvelope("item", id, i / KEYS + 1,
					System.currentTimeMillis(), 1, "test", this.mapper.valueToTree(Map.of("i", i)));
			records.add(new ConsumerRecord<>("wb", 0, firstOffset + i, id, envelope));
		}
		return records;
	}

	private static Map<String, Long> newestVersions(List<ConsumerRecord<String, WriteBehindEnvelope>> records) {
		Map<String, Long> newest = new HashMap<>();
		records.forEach((record) -> newest.merge(record.key(), record.value().version(), Math::max));
		return newest;
	}

	private Map<String, Long> storedVersions() {
		Map<String, Long> versions = new HashMap<>();
		for (Document document : this.database.getCollection("item")
			.find()
			.projection(Projections.include("version"))) {
			versions.put(document.getString("_id"), document.getLong("version"));
		}
		return versions;
	}

	private double counter(String name) {
		return this.registry.get(name).counter().count();
	}

}
