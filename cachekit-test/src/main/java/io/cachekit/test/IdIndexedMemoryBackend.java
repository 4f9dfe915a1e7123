package io.cachekit.test;

import java.util.Collection;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.Document;

/**
 * The in-memory backend, with one difference in how it finds documents: a query that names an exact
 * {@code _id} among other conditions (e.g. {@code {_id: "k1", version: {$lt: 7}}}, the worker's version-conditional
 * upsert) looks the document up in the {@code _id} index and checks the other conditions on it, as a real
 * {@code mongod} does. The stand-in uses an index only when the query holds exactly the index's fields, so such
 * a query scanned the whole collection: a cost per write that grows with the collection and that no real
 * database has. Results are the same; only the work to find them changes.
 */
class IdIndexedMemoryBackend extends MemoryBackend {

	private final AtomicLong idLookups = new AtomicLong();

	@Override
	public MemoryDatabase openOrCreateDatabase(String databaseName) {
		return new IdIndexedDatabase(databaseName, getCursorRegistry(), this.idLookups);
	}

	/** @return how many queries found their documents through the {@code _id} index instead of a scan */
	long idLookups() {
		return this.idLookups.get();
	}

	private static final class IdIndexedDatabase extends MemoryDatabase {

		private final AtomicLong idLookups;

		IdIndexedDatabase(String databaseName, CursorRegistry cursors, AtomicLong idLookups) {
			super(databaseName, cursors);
			this.idLookups = idLookups;
		}

		@Override
		protected MemoryCollection openOrCreateCollection(String collectionName, CollectionOptions options) {
			return new IdIndexedCollection(this, collectionName, options, this.cursorRegistry, this.idLookups);
		}

	}

	private static final class IdIndexedCollection extends MemoryCollection {

		private final AtomicLong idLookups;

		IdIndexedCollection(MemoryDatabase database, String collectionName, CollectionOptions options,
				CursorRegistry cursors, AtomicLong idLookups) {
			super(database, collectionName, options, cursors);
			this.idLookups = idLookups;
		}

		@Override
		protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit,
				int batchSize, Document projection) {
			Object id = exactId(query);
			if (id != null) {
				Document byId = new Document("_id", id);
				for (Index<Integer> index : getIndexes()) {
					if (index.canHandle(byId)) {
						this.idLookups.incrementAndGet();
						// the positions of that one _id; matchDocuments applies the whole query to them
						return matchDocuments(query, index.getPositions(byId), orderBy, numberToSkip, limit, batchSize,
								projection);
					}
				}
			}
			return super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, projection);
		}

		/**
		 * The exact {@code _id} every match must have: a top-level {@code _id} condition, or one among the
		 * clauses of a top-level {@code $and} (the driver's {@code Filters.and} renders one).
		 */
		private static Object exactId(Document query) {
			if (isExactValue(query.get("_id"))) {
				return query.get("_id");
			}
			if (query.get("$and") instanceof Collection<?> clauses) {
				for (Object clause : clauses) {
					if (clause instanceof Document condition && isExactValue(condition.get("_id"))) {
						return condition.get("_id");
					}
				}
			}
			return null;
		}

		private static boolean isExactValue(Object id) {
			return id != null && !(id instanceof Document) && !(id instanceof Collection<?>) && !(id instanceof Pattern)
					&& !BsonRegularExpression.isRegularExpression(id);
		}

	}

}
