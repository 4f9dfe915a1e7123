package io.cachekit.worker.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import io.cachekit.test.DevServices;
import io.cachekit.worker.WorkerProperties;
import io.cachekit.writebehind.envelope.WriteBehindEnvelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link MongoEnvelopeStore} against the MongoDB wire server, with the worker's default write concern
 * (majority, journaled, finite timeout).
 */
class MongoEnvelopeStoreIntegrationTests {

	private final MongoClient client = MongoClients.create(DevServices.shared().mongoUri());

	private final MongoDatabase database = this.client.getDatabase("store-" + UUID.randomUUID());

	private final WriteConcern writeConcern = new WorkerProperties().getWriteConcern().toWriteConcern();

	private final MongoEnvelopeStore store = new MongoEnvelopeStore(this.database, this.writeConcern);

	private final JsonMapper mapper = new JsonMapper();

	@AfterEach
	void close() {
		this.database.drop();
		this.client.close();
	}

	@Test
	void defaultWriteConcernIsMajorityJournaledWithATimeout() {
		assertThat(this.writeConcern.getWString()).isEqualTo("majority");
		assertThat(this.writeConcern.getJournal()).isTrue();
		assertThat(this.writeConcern.getWTimeout(TimeUnit.MILLISECONDS)).isEqualTo(10_000);
	}

	@Test
	void newKeyIsInsertedWithItsVersion() {
		StoreResult result = this.store.write(List.of(envelope("1", 3, Map.of("name", "Ada"))));
		assertThat(result).isEqualTo(new StoreResult(1, 0));
		Document stored = find("1");
		assertThat(stored.getString("name")).isEqualTo("Ada");
		assertThat(stored.getLong("version")).isEqualTo(3);
		assertThat(stored.getDate("updatedAt")).isNotNull();
	}

	@Test
	void newerVersionReplacesTheWholeDocument() {
		this.store.write(List.of(envelope("1", 1, Map.of("name", "Ada", "nickname", "A"))));
		StoreResult result = this.store.write(List.of(envelope("1", 2, Map.of("name", "Ada L."))));
		assertThat(result).isEqualTo(new StoreResult(1, 0));
		assertThat(find("1")).containsEntry("name", "Ada L.").containsEntry("version", 2L).doesNotContainKey("nickname");
	}

	@Test
	void olderVersionIsRejectedAsStaleAndChangesNothing() {
		this.store.write(List.of(envelope("1", 5, Map.of("name", "new"))));
		StoreResult result = this.store.write(List.of(envelope("1", 4, Map.of("name", "old"))));
		assertThat(result.persisted()).isZero();
		assertThat(result.stale()).isOne();
		assertThat(result.superseded()).singleElement().satisfies((superseded) -> {
			assertThat(superseded.envelope().version()).isEqualTo(4);
			assertThat(superseded.storedVersion()).isEqualTo(5);
		});
		assertThat(find("1")).containsEntry("name", "new").containsEntry("version", 5L);
	}

	@Test
	void replayOfTheSameVersionIsStale() {
		this.store.write(List.of(envelope("1", 5, Map.of("name", "x"))));
		assertThat(this.store.write(List.of(envelope("1", 5, Map.of("name", "x"))))).isEqualTo(new StoreResult(0, 1));
	}

	@Test
	void staleAndFreshEnvelopesOfOneBatchAreCountedApart() {
		this.store.write(List.of(envelope("1", 5, Map.of()), envelope("2", 5, Map.of())));
		StoreResult result = this.store
			.write(List.of(envelope("1", 4, Map.of()), envelope("2", 6, Map.of()), envelope("3", 1, Map.of())));
		assertThat(result.persisted()).isEqualTo(2);
		assertThat(result.stale()).isOne();
		assertThat(result.superseded()).singleElement()
			.satisfies((superseded) -> assertThat(superseded.envelope().id()).isEqualTo("1"));
	}

	@Test
	void typesAreWrittenToTheirOwnCollections() {
		this.store.write(List.of(envelope("1", 1, Map.of()),
				new WriteBehindEnvelope("order", "1", 1, 0, 1, "test", this.mapper.valueToTree(Map.of("total", 3)))));
		assertThat(this.database.getCollection("order").find(Filters.eq("_id", "1")).first()).containsEntry("total", 3);
		assertThat(find("1")).isNotNull();
	}

	@Test
	void documentMongoRefusesIsReportedWithItsEnvelope() {
		WriteBehindEnvelope refused = envelope("1", 1, Map.of("$where", "bad"));
		assertThatExceptionOfType(RejectedEnvelopeException.class)
			.isThrownBy(() -> this.store.write(List.of(refused, envelope("2", 1, Map.of("ok", true)))))
			.satisfies((ex) -> assertThat(ex.getEnvelope()).isSameAs(refused));
		assertThat(find("2")).containsEntry("ok", true);
	}

	@Test
	void documentClashingOnAnotherUniqueIndexIsRejectedAndTheRestIsWritten() {
		this.database.getCollection("user").createIndex(Indexes.ascending("email"), new IndexOptions().unique(true));
		this.store.write(List.of(envelope("1", 1, Map.of("email", "ada@example.com"))));
		WriteBehindEnvelope clash = envelope("2", 1, Map.of("email", "ada@example.com"));
		assertThatExceptionOfType(RejectedEnvelopeException.class)
			.isThrownBy(() -> this.store.write(List.of(clash, envelope("3", 1, Map.of("email", "alan@example.com")))))
			.withMessageContaining("error 11000")
			.withMessageContaining("email")
			.satisfies((ex) -> assertThat(ex.getEnvelope()).isSameAs(clash));
		assertThat(find("2")).isNull();
		assertThat(find("3")).containsEntry("email", "alan@example.com");
	}

	/**
	 * Two bulk writes of the same new keys, one with version 1 and one with version 2, started together, many
	 * times over: whichever reaches a key first, version 2 ends up stored, is counted as persisted, and version 1
	 * is either persisted first and then replaced, or counted as stale; never an error.
	 */
	@Test
	void racingUpsertsOfNewKeysAlwaysLeaveTheNewerVersionAndCountTheOlderAsStale() throws Exception {
		int rounds = 100;
		int keys = 20;
		long olderStale = 0;
		ExecutorService threads = Executors.newFixedThreadPool(2);
		try {
			for (int round = 0; round < rounds; round++) {
				List<WriteBehindEnvelope> older = new ArrayList<>();
				List<WriteBehindEnvelope> newer = new ArrayList<>();
				for (int k = 0; k < keys; k++) {
					String id = "race-" + round + "-" + k;
					older.add(envelope(id, 1, Map.of("v", 1)));
					newer.add(envelope(id, 2, Map.of("v", 2)));
				}
				CyclicBarrier start = new CyclicBarrier(2);
				boolean olderSubmittedFirst = ThreadLocalRandom.current().nextBoolean();
				Future<StoreResult> first = threads.submit(() -> write(start, olderSubmittedFirst ? older : newer));
				Future<StoreResult> second = threads.submit(() -> write(start, olderSubmittedFirst ? newer : older));
				StoreResult olderResult = (olderSubmittedFirst ? first : second).get(30, TimeUnit.SECONDS);
				StoreResult newerResult = (olderSubmittedFirst ? second : first).get(30, TimeUnit.SECONDS);
				assertThat(newerResult).as("version 2 in round %d", round).isEqualTo(new StoreResult(keys, 0));
				assertThat(olderResult.persisted() + olderResult.stale()).as("version 1 in round %d", round)
					.isEqualTo(keys);
				olderStale += olderResult.stale();
				for (WriteBehindEnvelope envelope : newer) {
					assertThat(find(envelope.id())).as("stored %s", envelope.id())
						.containsEntry("version", 2L)
						.containsEntry("v", 2);
				}
			}
		}
		finally {
			threads.shutdownNow();
		}
		assertThat(olderStale).as("version 1 writes that lost the race").isPositive();
	}

	private StoreResult write(CyclicBarrier start, List<WriteBehindEnvelope> envelopes) throws Exception {
		start.await(10, TimeUnit.SECONDS);
		return this.store.write(envelopes);
	}

	private Document find(String id) {
		return this.database.getCollection("user").find(Filters.eq("_id", id)).first();
	}

	private WriteBehindEnvelope envelope(String id, long version, Map<String, Object> payload) {
		return new WriteBehindEnvelope("user", id, version, System.currentTimeMillis(), 1, "test",
				this.mapper.valueToTree(payload));
	}

}
