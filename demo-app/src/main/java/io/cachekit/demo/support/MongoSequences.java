package io.cachekit.demo.support;

import org.bson.Document;

import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Hands out increasing numeric ids per sequence name with one atomic {@code findAndModify} on the
 * {@code sequences} collection, so concurrent creators (even in several instances) never share an id.
 */
@Component
public class MongoSequences {

	private static final String COLLECTION = "sequences";

	private final MongoTemplate mongoTemplate;

	MongoSequences(MongoTemplate mongoTemplate) {
		this.mongoTemplate = mongoTemplate;
	}

	/**
	 * The next id of a sequence, starting at 1.
	 * @param name the sequence name
	 * @return the next id
	 */
	public long next(String name) {
		Document sequence = this.mongoTemplate.findAndModify(Query.query(Criteria.where("_id").is(name)),
				new Update().inc("value", 1L), FindAndModifyOptions.options().upsert(true).returnNew(true),
				Document.class, COLLECTION);
		return ((Number) sequence.get("value")).longValue();
	}

	/**
	 * Moves a sequence forward so that the next id is above {@code value} (used after bulk seeding).
	 * @param name the sequence name
	 * @param value the highest id already used
	 */
	public void advanceTo(String name, long value) {
		this.mongoTemplate.upsert(Query.query(Criteria.where("_id").is(name)), new Update().max("value", value),
				COLLECTION);
	}

}
