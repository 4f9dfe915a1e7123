package io.cachekit.worker.store;

import java.lang.reflect.Proxy;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.ServerAddress;
import com.mongodb.WriteConcern;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.bulk.BulkWriteUpsert;
import com.mongodb.bulk.WriteConcernError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.WriteModel;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import io.cachekit.writebehind.envelope.WriteBehindEnvelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link MongoEnvelopeStore} against a scripted collection, for the answers a MongoDB wire server
 * used in tests cannot be made to give: a concurrent insert winning the upsert race, replica-set and
 * write-concern errors, and client-side size limits.
 */
class MongoEnvelopeStoreUnitTests {

	private static final ServerAddress SERVER = new ServerAddress("127.0.0.1", 27017);

	private final JsonMapper mapper = new JsonMapper();

	private final Deque<Answer> answers = new ArrayDeque<>();

	private final List<List<WriteModel<Document>>> bulkWrites = new ArrayList<>();

	private final MongoEnvelopeStore store = new MongoEnvelopeStore(database(), WriteConcern.MAJORITY);

	@Test
	void insertThatLostTheRaceToAnOlderVersionIsWrittenOnceMoreAndPersisted() {
		WriteBehindEnvelope newer = envelope("a", 2, Map.of("n", 2));
		WriteBehindEnvelope other = envelope("b", 1, Map.of("n", 1));
		this.answers.add((models) -> {
			throw failure(BulkWriteResult.acknowledged(0, 0, 0, 0, List.of(new BulkWriteUpsert(1, new BsonString("b"))),
					List.of()), List.of(duplicateId(0)), null, Set.of());
		});
		this.answers.add((models) -> BulkWriteResult.acknowledged(0, 1, 0, 1, List.of(), List.of()));
		assertThat(this.store.write(List.of(newer, other))).isEqualTo(new StoreResult(2, 0));
		assertThat(this.bulkWrites).hasSize(2);
		assertThat(this.bulkWrites.get(1)).singleElement()
			.satisfies((model) -> assertThat(((ReplaceOneModel<Document>) model).getReplacement())
				.containsEntry("_id", "a")
				.containsEntry("version", 2L));
	}

	@Test
	void insertThatCollidesAgainIsStale() {
		this.answers.add((models) -> {
			throw failure(BulkWriteResult.acknowledged(0, 0, 0, 0, List.of(), List.of()), List.of(duplicateId(0)), null,
					Set.of());
		});
		this.answers.add((models) -> {
			throw failure(BulkWriteResult.acknowledged(0, 0, 0, 0, List.of(), List.of()), List.of(duplicateId(0)), null,
					Set.of());
		});
		assertThat(this.store.write(List.of(envelope("a", 1, Map.of())))).isEqualTo(new StoreResult(0, 1));
		assertThat(this.bulkWrites).hasSize(2);
	}

	@Test
	void notWritablePrimaryIsThrownForTheBatchToBeRetried() {
		this.answers.add((models) -> {
			throw failure(BulkWriteResult.acknowledged(0, 0, 0, 0, List.of(), List.of()),
					List.of(new BulkWriteError(10107, "not primary", new BsonDocument(), 0)), null, Set.of());
		});
		assertThatExceptionOfType(MongoBulkWriteException.class)
			.isThrownBy(() -> this.store.write(List.of(envelope("a", 1, Map.of()))))
			.isNotInstanceOf(RejectedEnvelopeException.class);
	}

	@Test
	void writeConcernErrorIsThrownForTheBatchToBeRetriedEvenWithARefusedDocument() {
		this.answers.add((models) -> {
			throw failure(BulkWriteResult.acknowledged(0, 0, 0, 0, List.of(new BulkWriteUpsert(1, new BsonString("b"))),
					List.of()), List.of(new BulkWriteError(121, "Document failed validation", new BsonDocument(), 0)),
					new WriteConcernError(64, "WriteConcernTimeout", "waiting for replication timed out",
							new BsonDocument()),
					Set.of());
		});
		assertThatExceptionOfType(MongoBulkWriteException.class)
			.isThrownBy(() -> this.store.write(List.of(envelope("a", 1, Map.of()), envelope("b", 1, Map.of()))))
			.satisfies((ex) -> assertThat(ex.getWriteConcernError().getCode()).isEqualTo(64));
	}

	@Test
	void transientErrorWinsOverARefusedDocumentOfTheSameBulkWrite() {
		this.answers.add((models) -> {
			throw failure(BulkWriteResult.acknowledged(0, 0, 0, 0, List.of(), List.of()),
					List.of(new BulkWriteError(121, "Document failed validation", new BsonDocument(), 0),
							new BulkWriteError(11600, "interrupted at shutdown", new BsonDocument(), 1)),
					null, Set.of());
		});
		assertThatExceptionOfType(MongoBulkWriteException.class)
			.isThrownBy(() -> this.store.write(List.of(envelope("a", 1, Map.of()), envelope("b", 1, Map.of()))));
	}

	@Test
	void retryableWriteErrorLabelIsThrownForTheBatchToBeRetried() {
		this.answers.add((models) -> {
			throw failure(BulkWriteResult.acknowledged(0, 0, 0, 0, List.of(), List.of()),
					List.of(new BulkWriteError(2, "bad value", new BsonDocument(), 0)), null,
					Set.of("RetryableWriteError"));
		});
		assertThatExceptionOfType(MongoBulkWriteException.class)
			.isThrownBy(() -> this.store.write(List.of(envelope("a", 1, Map.of()))))
			.isNotInstanceOf(RejectedEnvelopeException.class);
	}

	@Test
	void validationFailureRejectsThatEnvelopeWithTheCodeAndMessage() {
		WriteBehindEnvelope refused = envelope("a", 1, Map.of("age", -1));
		this.answers.add((models) -> {
			throw failure(BulkWriteResult.acknowledged(0, 0, 0, 0, List.of(new BulkWriteUpsert(1, new BsonString("b"))),
					List.of()), List.of(new BulkWriteError(121, "Document failed validation", new BsonDocument(), 0)),
					null, Set.of());
		});
		assertThatExceptionOfType(RejectedEnvelopeException.class)
			.isThrownBy(() -> this.store.write(List.of(refused, envelope("b", 1, Map.of()))))
			.withMessageContaining("error 121: Document failed validation")
			.satisfies((ex) -> assertThat(ex.getEnvelope()).isSameAs(refused));
	}

	@Test
	void documentLargerThanMongoAllowsIsRejectedBeforeTheWriteThoughItsJsonIsSmaller() {
		ObjectNode payload = this.mapper.createObjectNode();
		ArrayNode zeros = payload.putArray("zeros");
		for (int i = 0; i < 1_500_000; i++) {
			zeros.add(0);
		}
		WriteBehindEnvelope tooLarge = new WriteBehindEnvelope("user", "big", 1, 0, 1, "test", payload);
		assertThat(payload.toString().length()).isLessThan(16 * 1024 * 1024);
		this.answers.add((models) -> BulkWriteResult.acknowledged(0, 0, 0, 0,
				List.of(new BulkWriteUpsert(0, new BsonString("small"))), List.of()));
		assertThatExceptionOfType(RejectedEnvelopeException.class)
			.isThrownBy(() -> this.store.write(List.of(tooLarge, envelope("small", 1, Map.of()))))
			.withMessageContaining("exceeds MongoDB's 16777216-byte limit")
			.satisfies((ex) -> assertThat(ex.getEnvelope()).isSameAs(tooLarge));
		assertThat(this.bulkWrites).singleElement().satisfies((models) -> assertThat(models).hasSize(1));
	}

	private static BulkWriteError duplicateId(int index) {
		return new BulkWriteError(11000, "E11000 duplicate key error collection: test.user index: _id_ dup key",
				new BsonDocument(), index);
	}

	private static MongoBulkWriteException failure(BulkWriteResult result, List<BulkWriteError> errors,
			WriteConcernError writeConcernError, Set<String> labels) {
		return new MongoBulkWriteException(result, errors, writeConcernError, SERVER, labels);
	}

	private WriteBehindEnvelope envelope(String id, long version, Map<String, Object> payload) {
		return new WriteBehindEnvelope("user", id, version, System.currentTimeMillis(), 1, "test",
				this.mapper.valueToTree(payload));
	}

	@SuppressWarnings("unchecked")
	private MongoDatabase database() {
		ClassLoader loader = getClass().getClassLoader();
		MongoCollection<Document> collection = (MongoCollection<Document>) Proxy.newProxyInstance(loader,
				new Class<?>[] { MongoCollection.class }, (proxy, method, args) -> switch (method.getName()) {
					case "withWriteConcern" -> proxy;
					case "bulkWrite" -> {
						List<WriteModel<Document>> models = List.copyOf((List<WriteModel<Document>>) args[0]);
						this.bulkWrites.add(models);
						yield this.answers.remove().apply(models);
					}
					default -> throw new UnsupportedOperationException(method.getName());
				});
		return (MongoDatabase) Proxy.newProxyInstance(loader, new Class<?>[] { MongoDatabase.class },
				(proxy, method, args) -> {
					if (method.getName().equals("getCollection")) {
						return collection;
					}
					throw new UnsupportedOperationException(method.getName());
				});
	}

	/** The scripted outcome of one bulk write. */
	@FunctionalInterface
	private interface Answer {

		BulkWriteResult apply(List<WriteModel<Document>> models);

	}

}
