package io.cachekit.test;

import java.util.ArrayList;
import java.util.List;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The embedded MongoDB stand-in answers queries on an exact {@code _id} with further conditions as a real server
 * does, through the driver: the version-conditional reads and upserts the worker issues, and the queries that
 * do not name one exact {@code _id}.
 */
class EmbeddedMongoServerIntegrationTests {

	private EmbeddedMongoServer server;

	private MongoClient client;

	private MongoCollection<Document> items;

	@BeforeEach
	void start() {
		this.server = EmbeddedMongoServer.start(0);
		this.client = MongoClients.create(this.server.uri());
		this.items = this.client.getDatabase("test").getCollection("items");
		List<Document> documents = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			documents.add(new Document("_id", "k" + i).append("version", (long) i));
		}
		this.items.insertMany(documents);
	}

	@AfterEach
	void stop() {
		this.client.close();
		this.server.close();
	}

	@Test
	void anExactIdWithAVersionConditionFindsOnlyThatDocumentWhenTheConditionHolds() {
		long before = this.server.idLookups();
		assertThat(ids(Filters.and(Filters.eq("_id", "k5"), Filters.lt("version", 10L)))).containsExactly("k5");
		assertThat(ids(Filters.and(Filters.eq("_id", "k5"), Filters.lt("version", 5L)))).isEmpty();
		assertThat(ids(Filters.and(Filters.eq("_id", "missing"), Filters.gte("version", 0L)))).isEmpty();
		assertThat(this.server.idLookups() - before).as("found through the _id index").isEqualTo(3);
	}

	@Test
	void aVersionConditionalUpsertReplacesAnOlderVersionAndCollidesWithANewerOne() {
		long before = this.server.idLookups();
		ReplaceOptions upsert = new ReplaceOptions().upsert(true);
		Bson older = Filters.and(Filters.eq("_id", "k7"), Filters.lt("version", 9L));
		assertThat(this.items.replaceOne(older, new Document("version", 9L), upsert).getModifiedCount()).isOne();
		Bson stale = Filters.and(Filters.eq("_id", "k7"), Filters.lt("version", 3L));
		assertThatExceptionOfType(MongoWriteException.class)
			.isThrownBy(() -> this.items.replaceOne(stale, new Document("version", 3L), upsert))
			.satisfies((ex) -> assertThat(ex.getCode()).isEqualTo(11000));
		Bson fresh = Filters.and(Filters.eq("_id", "new"), Filters.lt("version", 1L));
		assertThat(this.items.replaceOne(fresh, new Document("version", 1L), upsert).getUpsertedId()).isNotNull();
		assertThat(this.items.find(Filters.eq("_id", "k7")).first()).containsEntry("version", 9L);
		assertThat(this.items.countDocuments()).isEqualTo(101);
		assertThat(this.server.idLookups() - before).as("upserts found through the _id index").isGreaterThanOrEqualTo(3);
	}

	@Test
	void queriesWithoutOneExactIdStillMatchEveryDocument() {
		long before = this.server.idLookups();
		assertThat(ids(Filters.and(Filters.in("_id", "k1", "k2", "k3"), Filters.gte("version", 2L))))
			.containsExactlyInAnyOrder("k2", "k3");
		assertThat(ids(Filters.and(Filters.regex("_id", "^k9"), Filters.gt("version", 95L))))
			.containsExactlyInAnyOrder("k96", "k97", "k98", "k99");
		assertThat(ids(Filters.gte("version", 98L))).containsExactlyInAnyOrder("k98", "k99");
		assertThat(this.server.idLookups()).as("scanned").isEqualTo(before);
	}

	@Test
	void numericIdsMatchAcrossIntegerAndLong() {
		this.items.insertOne(new Document("_id", 1).append("version", 1L));
		assertThat(this.items.find(Filters.and(Filters.eq("_id", 1L), Filters.eq("version", 1L))).first())
			.isNotNull();
	}

	private List<Object> ids(Bson filter) {
		List<Object> ids = new ArrayList<>();
		this.items.find(filter).forEach((document) -> ids.add(document.get("_id")));
		return ids;
	}

}
