package io.cachekit.worker.store;

import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.WriteConcern;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.DocumentCodec;

import io.cachekit.writebehind.envelope.WriteBehindEnvelope;

/**
 * Writes envelopes to MongoDB, one collection per type, as one unordered {@code bulkWrite} of conditional
 * upserts per collection: a document is replaced only if it holds an older version
 * ({@code {_id: id, version: {$lt: incoming}}}), and inserted if there is none.
 * <p>
 * When the upsert's insert collides on {@code _id} (E11000), either a newer version is stored or a concurrent
 * upsert of the same new key got in first; the write is issued once more, now that the document exists: if
 * it collides again the update is stale, counted, not an error. The stored versions of stale updates are then
 * read, so that an update older than the stored one (acknowledged, but overtaken by a newer one) is reported
 * apart from one that was already written (a redelivery). A document MongoDB refuses for what it
 * contains is reported as a {@link RejectedEnvelopeException} (dead-lettered); every other failure, including
 * write-concern errors and per-write errors outside {@link WriteErrorClassifier#DOCUMENT_LEVEL}, is thrown as
 * the driver's exception so that the batch is retried.
 */
public class MongoEnvelopeStore {

	/** Field holding the version of a stored document. */
	public static final String VERSION_FIELD = WriteBehindEnvelope.VERSION_FIELD;

	/** Field holding when the stored version was accepted by the publisher. */
	public static final String UPDATED_AT_FIELD = "updatedAt";

	/** MongoDB's largest document ({@code maxBsonObjectSize}). */
	private static final int MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

	/**
	 * Compact JSON at most this long cannot exceed {@link #MAX_DOCUMENT_BYTES} as BSON (an array element, the
	 * worst case, takes under 7 bytes per JSON character), so only longer payloads are measured.
	 */
	private static final int UNMEASURED_JSON_CHARS = MAX_DOCUMENT_BYTES / 8;

	private static final Log logger = LogFactory.getLog(MongoEnvelopeStore.class);

	private static final DocumentCodec DOCUMENT_CODEC = new DocumentCodec();

	private static final BulkWriteOptions UNORDERED = new BulkWriteOptions().ordered(false);

	private static final ReplaceOptions UPSERT = new ReplaceOptions().upsert(true);

	private final MongoDatabase database;

	private final WriteConcern writeConcern;

	/**
	 * Creates a store.
	 * @param database the database holding one collection per type
	 * @param writeConcern the write concern of every write
	 */
	public MongoEnvelopeStore(MongoDatabase database, WriteConcern writeConcern) {
		this.database = database;
		this.writeConcern = writeConcern;
	}

	/**
	 * Writes the newest envelope of each key.
	 * @param winners at most one envelope per key
	 * @return what was persisted and what was stale
	 * @throws RejectedEnvelopeException if MongoDB refused a document for a reason retrying cannot fix
	 * @throws com.mongodb.MongoException on transient failures (the batch should be retried)
	 */
	public StoreResult write(List<WriteBehindEnvelope> winners) {
		Map<String, List<WriteBehindEnvelope>> byType = new LinkedHashMap<>();
		for (WriteBehindEnvelope envelope : winners) {
			byType.computeIfAbsent(envelope.type(), (type) -> new ArrayList<>()).add(envelope);
		}
		StoreResult total = new StoreResult(0, 0);
		RejectedEnvelopeException rejected = null;
		for (Map.Entry<String, List<WriteBehindEnvelope>> entry : byType.entrySet()) {
			try {
				total = total.plus(write(entry.getKey(), entry.getValue()));
			}
			catch (RejectedEnvelopeException ex) {
				rejected = (rejected != null) ? rejected : ex;
			}
		}
		if (rejected != null) {
			throw rejected;
		}
		return total;
	}

	private StoreResult write(String type, List<WriteBehindEnvelope> envelopes) {
		MongoCollection<Document> collection = this.database.getCollection(type).withWriteConcern(this.writeConcern);
		List<WriteBehindEnvelope> accepted = new ArrayList<>(envelopes.size());
		List<WriteModel<Document>> models = new ArrayList<>(envelopes.size());
		RejectedEnvelopeException rejected = null;
		for (WriteBehindEnvelope envelope : envelopes) {
			try {
				models.add(new ReplaceOneModel<>(
						Filters.and(Filters.eq("_id", envelope.id()), Filters.lt(VERSION_FIELD, envelope.version())),
						document(envelope), UPSERT));
				accepted.add(envelope);
			}
			catch (RejectedEnvelopeException ex) {
				rejected = (rejected != null) ? rejected : ex;
			}
		}
		StoreResult result = models.isEmpty() ? new StoreResult(0, 0) : bulkWrite(collection, models, accepted);
		if (rejected != null) {
			throw rejected;
		}
		return result;
	}

	private static StoreResult bulkWrite(MongoCollection<Document> collection, List<WriteModel<Document>> models,
			List<WriteBehindEnvelope> envelopes) {
		Attempt first = attempt(collection, models, envelopes);
		StoreResult result = new StoreResult(first.persisted, 0);
		if (!first.duplicates.isEmpty()) {
			// Stale, or a concurrent upsert of an older version inserted the key first (the server does not
			// retry an upsert whose filter is more than an equality on _id). The document exists now and
			// documents are never deleted, so one more conditional write tells which.
			List<WriteModel<Document>> again = new ArrayList<>();
			List<WriteBehindEnvelope> againEnvelopes = new ArrayList<>();
			for (int index : first.duplicates) {
				again.add(models.get(index));
				againEnvelopes.add(envelopes.get(index));
			}
			Attempt second = attempt(collection, again, againEnvelopes);
			List<WriteBehindEnvelope> stale = new ArrayList<>(second.duplicates.size());
			for (int index : second.duplicates) {
				stale.add(againEnvelopes.get(index));
			}
			result = result.plus(new StoreResult(second.persisted, stale.size(), superseded(collection, stale)));
			if (first.rejected == null && second.rejected != null) {
				throw second.rejected;
			}
		}
		if (first.rejected != null) {
			throw first.rejected;
		}
		return result;
	}

	/**
	 * One unordered bulk write. A failure that a later attempt can get past is thrown (the listener
	 * container retries the batch); per-write duplicates on {@code _id} and refused documents are returned.
	 */
	private static Attempt attempt(MongoCollection<Document> collection, List<WriteModel<Document>> models,
			List<WriteBehindEnvelope> envelopes) {
		try {
			return new Attempt(persisted(collection.bulkWrite(models, UNORDERED)), List.of(), null);
		}
		catch (MongoBulkWriteException ex) {
			if (WriteErrorClassifier.isTransient(ex)) {
				throw ex;
			}
			List<Integer> duplicates = new ArrayList<>();
			BulkWriteError refused = null;
			for (BulkWriteError error : ex.getWriteErrors()) {
				switch (WriteErrorClassifier.classify(error)) {
					case DUPLICATE_ID -> duplicates.add(error.getIndex());
					case REJECTED -> refused = (refused != null) ? refused : error;
					case TRANSIENT -> throw ex;
				}
			}
			RejectedEnvelopeException rejected = (refused != null)
					? new RejectedEnvelopeException(envelopes.get(refused.getIndex()),
							"error " + refused.getCode() + ": " + refused.getMessage())
					: null;
			return new Attempt(persisted(ex.getWriteResult()), duplicates, rejected);
		}
	}

	/** The stale envelopes whose key holds a strictly newer version; one query, only when some are stale. */
	private static List<StoreResult.Superseded> superseded(MongoCollection<Document> collection,
			List<WriteBehindEnvelope> stale) {
		if (stale.isEmpty()) {
			return List.of();
		}
		Map<Object, Long> stored = new HashMap<>();
		List<String> ids = stale.stream().map(WriteBehindEnvelope::id).toList();
		try {
			for (Document document : collection.find(Filters.in("_id", ids))
				.projection(Projections.include(VERSION_FIELD))) {
				if (document.get(VERSION_FIELD) instanceof Number version) {
					stored.put(document.get("_id"), version.longValue());
				}
			}
		}
		catch (RuntimeException ex) {
			// only the report needs them: the stale updates are counted, not told apart
			logger.debug("Could not read the stored versions of " + ids.size() + " stale updates", ex);
			return List.of();
		}
		List<StoreResult.Superseded> superseded = new ArrayList<>();
		for (WriteBehindEnvelope envelope : stale) {
			Long version = stored.get(envelope.id());
			if (version != null && version > envelope.version()) {
				superseded.add(new StoreResult.Superseded(envelope, version));
			}
		}
		return superseded;
	}

	private static long persisted(BulkWriteResult result) {
		return result.getMatchedCount() + result.getUpserts().size();
	}

	private static Document document(WriteBehindEnvelope envelope) {
		String json = envelope.payload().toString();
		Document document;
		try {
			document = Document.parse(json);
		}
		catch (RuntimeException ex) {
			throw new RejectedEnvelopeException(envelope, "payload is not a storable document: " + ex.getMessage());
		}
		for (String field : document.keySet()) {
			if (field.startsWith("$")) {
				throw new RejectedEnvelopeException(envelope, "field name '" + field + "' starts with '$'");
			}
		}
		document.remove("_id");
		Document stored = new Document("_id", envelope.id());
		stored.putAll(document);
		stored.put(VERSION_FIELD, envelope.version());
		stored.put(UPDATED_AT_FIELD, new Date(envelope.timestamp()));
		if (json.length() > UNMEASURED_JSON_CHARS) {
			// the driver would refuse it client-side and fail the whole bulk write, on every attempt
			int size = new RawBsonDocument(stored, DOCUMENT_CODEC).getByteBuffer().remaining();
			if (size > MAX_DOCUMENT_BYTES) {
				throw new RejectedEnvelopeException(envelope,
						"document of " + size + " bytes exceeds MongoDB's " + MAX_DOCUMENT_BYTES + "-byte limit");
			}
		}
		return stored;
	}

	/**
	 * What one bulk write did.
	 *
	 * @param persisted documents inserted or replaced
	 * @param duplicates indexes of the writes whose insert collided on {@code _id}
	 * @param rejected the first document MongoDB refused, or {@code null}
	 */
	private record Attempt(long persisted, List<Integer> duplicates, RejectedEnvelopeException rejected) {

	}

}
