package io.cachekit.demo.user;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

import com.mongodb.WriteConcern;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import org.bson.Document;

import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import static com.mongodb.client.model.Filters.eq;

/**
 * Writes a user update through to MongoDB in the request (one round trip: an upsert that increments the
 * version, {@code w: majority, j: true}), then evicts the cached copy, as a write-through application would.
 * Used when {@code demo.users.write-mode=through}.
 */
@Component
class UserWriteThrough {

	private static final WriteConcern DURABLE = WriteConcern.MAJORITY.withJournal(true)
		.withWTimeout(10, TimeUnit.SECONDS);

	private final MongoTemplate mongo;

	private final CacheManager caches;

	UserWriteThrough(MongoTemplate mongo, CacheManager caches) {
		this.mongo = mongo;
		this.caches = caches;
	}

	long save(String id, UserUpdate update) {
		Document saved = this.mongo.getCollection(this.mongo.getCollectionName(User.class))
			.withWriteConcern(DURABLE)
			.findOneAndUpdate(eq("_id", id),
					Updates.combine(Updates.set("name", update.name()), Updates.set("email", update.email()),
							Updates.set("updatedAt", Instant.now()), Updates.inc("version", 1L)),
					new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
		Cache users = this.caches.getCache(UserService.USERS);
		if (users != null) {
			users.evict(id);
		}
		return ((Number) saved.get("version")).longValue();
	}

}
