package io.cachekit.worker.store;

import java.util.Set;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.WriteError;
import org.bson.BsonDocument;

/**
 * Decides what a failed MongoDB write means for the envelopes of a batch: a duplicate {@code _id} (a newer
 * version is stored, or a concurrent upsert inserted the key first), a document MongoDB will never accept as
 * it is (dead-lettered), or a failure of the server, the network or the replica set that a later attempt can
 * get past (the whole batch is retried by the listener container's back-off, never dead-lettered).
 * <p>
 * Only the codes listed in {@link #DOCUMENT_LEVEL} reject an envelope; every other code, known or not, is
 * retried: a write-behind update that cannot be persisted yet waits in Kafka, with its partition's lag in
 * view, rather than leave the topic on a guess.
 */
final class WriteErrorClassifier {

	/** Label of errors the driver counts as safe to retry for a retryable write. */
	static final String RETRYABLE_WRITE_ERROR = "RetryableWriteError";

	/** Label of errors after which a transaction may be retried. */
	static final String TRANSIENT_TRANSACTION_ERROR = "TransientTransactionError";

	/**
	 * Codes of per-write errors about the document itself, which the same document meets on every attempt.
	 * Names as in MongoDB's {@code error_codes.yml}.
	 */
	static final Set<Integer> DOCUMENT_LEVEL = Set.of(2, // BadValue: an invalid value in the document
			9, // FailedToParse
			14, // TypeMismatch
			15, // Overflow (a ValidationError)
			22, // InvalidBSON (a ValidationError)
			52, // DollarPrefixedFieldName
			53, // InvalidIdField
			55, // InvalidDBRef
			56, // EmptyFieldName
			57, // DottedFieldName
			66, // ImmutableField
			121, // DocumentValidationFailure: the collection's validator refuses the document
			10334, // BSONObjectTooLarge
			17280); // KeyTooLong (servers before 4.2): an indexed value over the index key limit

	private static final String ID_INDEX = "_id_";

	private WriteErrorClassifier() {
	}

	/**
	 * Whether a bulk write failed as a whole for a reason a later attempt can get past, whatever its
	 * per-write errors: a write-concern error (the writes may not be durable), or an error labelled
	 * {@value #RETRYABLE_WRITE_ERROR} or {@value #TRANSIENT_TRANSACTION_ERROR}.
	 * @param failure the failed bulk write
	 * @return whether the whole batch should be retried
	 */
	static boolean isTransient(MongoBulkWriteException failure) {
		return failure.getWriteConcernError() != null || failure.hasErrorLabel(RETRYABLE_WRITE_ERROR)
				|| failure.hasErrorLabel(TRANSIENT_TRANSACTION_ERROR);
	}

	/**
	 * Classifies one write's error.
	 * @param error the error of one write of a bulk write
	 * @return what the error means for the envelope
	 */
	static Verdict classify(WriteError error) {
		if (ErrorCategory.fromErrorCode(error.getCode()) == ErrorCategory.DUPLICATE_KEY) {
			return onIdIndex(error) ? Verdict.DUPLICATE_ID : Verdict.REJECTED;
		}
		return DOCUMENT_LEVEL.contains(error.getCode()) ? Verdict.REJECTED : Verdict.TRANSIENT;
	}

	/**
	 * Whether a duplicate-key error is about {@code _id}, from its {@code keyPattern} (MongoDB 4.2+) or else
	 * the index named in its message. A unique index on another field refuses the document itself. When
	 * neither tells, it is taken to be {@code _id}, the only unique index the worker relies on.
	 */
	private static boolean onIdIndex(WriteError error) {
		BsonDocument details = error.getDetails();
		if (details != null && details.isDocument("keyPattern")) {
			return details.getDocument("keyPattern").keySet().equals(Set.of("_id"));
		}
		String message = (error.getMessage() != null) ? error.getMessage() : "";
		int at = message.indexOf(" index: ");
		if (at < 0) {
			return true;
		}
		String index = message.substring(at + " index: ".length()).split("\\s", 2)[0];
		return index.equals(ID_INDEX) || index.endsWith("$" + ID_INDEX);
	}

	/**
	 * What a write error means for its envelope.
	 */
	enum Verdict {

		/**
		 * The upsert's insert collided on {@code _id}: a newer version is stored (stale), or a concurrent
		 * upsert inserted the key first; writing it once more tells which.
		 */
		DUPLICATE_ID,

		/** MongoDB refuses the document itself: the envelope is dead-lettered. */
		REJECTED,

		/** Anything else: the batch is retried. */
		TRANSIENT

	}

}
