package io.cachekit.worker.store;

import java.util.List;
import java.util.Set;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.ServerAddress;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.bulk.WriteConcernError;
import io.cachekit.worker.store.WriteErrorClassifier.Verdict;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WriteErrorClassifier}, with driver exceptions built the way the driver reports a server's
 * answer.
 */
class WriteErrorClassifierUnitTests {

	@ParameterizedTest(name = "code {0}")
	@ValueSource(ints = { 2, 9, 14, 15, 22, 52, 53, 55, 56, 57, 66, 121, 10334, 17280 })
	void errorsAboutTheDocumentRejectIt(int code) {
		assertThat(WriteErrorClassifier.classify(error(code, "refused"))).isEqualTo(Verdict.REJECTED);
	}

	@ParameterizedTest(name = "code {0}")
	@ValueSource(ints = { 6, // HostUnreachable
			7, // HostNotFound
			50, // MaxTimeMSExpired
			64, // WriteConcernTimeout
			89, // NetworkTimeout
			91, // ShutdownInProgress
			112, // WriteConflict
			189, // PrimarySteppedDown
			262, // ExceededTimeLimit
			9001, // SocketException
			10058, // LegacyNotPrimary
			10107, // NotWritablePrimary
			11600, // InterruptedAtShutdown
			11602, // InterruptedDueToReplStateChange
			13435, // NotPrimaryNoSecondaryOk
			13436 // NotPrimaryOrSecondary
	})
	void errorsOfTheServerOrTheReplicaSetAreRetried(int code) {
		assertThat(WriteErrorClassifier.classify(error(code, "try again"))).isEqualTo(Verdict.TRANSIENT);
	}

	@Test
	void unknownCodeIsRetriedRatherThanDeadLettered() {
		assertThat(WriteErrorClassifier.classify(error(987654, "new in a later server"))).isEqualTo(Verdict.TRANSIENT);
	}

	@Test
	void duplicateIdByKeyPatternIsADuplicateId() {
		BsonDocument details = new BsonDocument("keyPattern", new BsonDocument("_id", new BsonInt32(1)));
		assertThat(WriteErrorClassifier.classify(new BulkWriteError(11000, "E11000 duplicate key error", details, 0)))
			.isEqualTo(Verdict.DUPLICATE_ID);
	}

	@Test
	void duplicateOnAnotherUniqueIndexByKeyPatternRejectsTheDocument() {
		BsonDocument details = new BsonDocument("keyPattern", new BsonDocument("email", new BsonInt32(1)));
		assertThat(WriteErrorClassifier.classify(new BulkWriteError(11000, "E11000 duplicate key error", details, 0)))
			.isEqualTo(Verdict.REJECTED);
	}

	@Test
	void duplicateIdByIndexNameInTheMessageIsADuplicateId() {
		assertThat(WriteErrorClassifier.classify(error(11000,
				"E11000 duplicate key error collection: shop.user index: _id_ dup key: { _id: \"42\" }")))
			.isEqualTo(Verdict.DUPLICATE_ID);
		assertThat(WriteErrorClassifier
			.classify(error(11000, "E11000 duplicate key error index: shop.user.$_id_  dup key: { : \"42\" }")))
			.isEqualTo(Verdict.DUPLICATE_ID);
	}

	@Test
	void duplicateOnAnotherIndexByNameInTheMessageRejectsTheDocument() {
		assertThat(WriteErrorClassifier.classify(error(11000,
				"E11000 duplicate key error collection: shop.user index: email_1 dup key: { email: \"a@b\" }")))
			.isEqualTo(Verdict.REJECTED);
	}

	@Test
	void legacyDuplicateKeyCodesAreDuplicates() {
		assertThat(WriteErrorClassifier.classify(error(11001, "E11001 duplicate key on update")))
			.isEqualTo(Verdict.DUPLICATE_ID);
		assertThat(WriteErrorClassifier.classify(error(12582, "duplicate key insert for unique index")))
			.isEqualTo(Verdict.DUPLICATE_ID);
	}

	@Test
	void writeConcernErrorMakesTheWholeBulkWriteTransient() {
		WriteConcernError writeConcernError = new WriteConcernError(64, "WriteConcernTimeout",
				"waiting for replication timed out", new BsonDocument());
		assertThat(WriteErrorClassifier.isTransient(bulkFailure(List.of(), writeConcernError, Set.of()))).isTrue();
	}

	@Test
	void writeConcernErrorWinsOverRejectedDocuments() {
		WriteConcernError writeConcernError = new WriteConcernError(100, "UnsatisfiableWriteConcern",
				"not enough data-bearing nodes", new BsonDocument());
		assertThat(WriteErrorClassifier
			.isTransient(bulkFailure(List.of(error(121, "Document failed validation")), writeConcernError, Set.of())))
			.isTrue();
	}

	@Test
	void retryableLabelsMakeTheWholeBulkWriteTransient() {
		assertThat(WriteErrorClassifier
			.isTransient(bulkFailure(List.of(error(10107, "not primary")), null, Set.of("RetryableWriteError"))))
			.isTrue();
		assertThat(WriteErrorClassifier
			.isTransient(bulkFailure(List.of(error(112, "write conflict")), null, Set.of("TransientTransactionError"))))
			.isTrue();
	}

	@Test
	void perWriteErrorsWithoutLabelsOrWriteConcernErrorAreClassifiedOneByOne() {
		assertThat(WriteErrorClassifier
			.isTransient(bulkFailure(List.of(error(52, "'$x' is not valid")), null, Set.of()))).isFalse();
	}

	private static BulkWriteError error(int code, String message) {
		return new BulkWriteError(code, message, new BsonDocument(), 0);
	}

	private static MongoBulkWriteException bulkFailure(List<BulkWriteError> errors, WriteConcernError writeConcernError,
			Set<String> labels) {
		return new MongoBulkWriteException(BulkWriteResult.acknowledged(0, 0, 0, 0, List.of(), List.of()), errors,
				writeConcernError, new ServerAddress("127.0.0.1", 27017), labels);
	}

}
