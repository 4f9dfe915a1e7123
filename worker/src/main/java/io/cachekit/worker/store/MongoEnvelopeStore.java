package io.cachekit.worker.store;

import java.util.ArrayList;
import java.util.Date;
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
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import io.cachekit.writebehind.WriteBehindEnvelope;
import org.bson.Document;

/**
 * Writes envelopes to MongoDB, one collection per type, as one unordered {@code bulkWrite} of conditional
 * upserts per collection: a document is replaced only if it holds an older version
 * ({@code {_id: id, version: {$lt: incoming}}}), and inserted if there is none. When a newer version is
 * already there, the upsert's insert collides on {@code _id} (E11000): that is a stale update, counted, not an
 * error. Any other failure is thrown so the batch is retried.
 */
public class MongoEnvelopeStore {

	/** Field holding the version of a stored document. */
	public static final String VERSION_FIELD = "version";

	/** Field holding when the stored version was accepted by the publisher. */
	public static final String UPDATED_AT_FIELD = "updatedAt";

	private static final int DUPLICATE_KEY = 11000;

	private static final int MAX_DOCUMENT_CHARS = 16 * 1024 * 1024 - 64 * 1024;

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
		try {
			return persisted(collection.bulkWrite(models, UNORDERED), 0);
		}
		catch (MongoBulkWriteException ex) {
			if (ex.getWriteConcernError() != null) {
				throw ex;
			}
			long stale = 0;
			BulkWriteError refused = null;
			for (BulkWriteError error : ex.getWriteErrors()) {
				if (error.getCode() == DUPLICATE_KEY) {
					stale++;
				}
				else if (refused == null) {
					refused = error;
				}
			}
			if (refused != null) {
				throw new RejectedEnvelopeException(envelopes.get(refused.getIndex()), refused.getMessage());
			}
			return persisted(ex.getWriteResult(), stale);
		}
	}

	private static StoreResult persisted(BulkWriteResult result, long stale) {
		return new StoreResult(result.getMatchedCount() + result.getUpserts().size(), stale);
	}

	private static Document document(WriteBehindEnvelope envelope) {
		String json = envelope.payload().toString();
		if (json.length() > MAX_DOCUMENT_CHARS) {
			throw new RejectedEnvelopeException(envelope, "payload exceeds the 16 MB document limit");
		}
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
		return stored;
	}

}
