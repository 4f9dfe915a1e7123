package io.cachekit.demo.payment;

import org.bson.Document;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Stores charges in MongoDB, fenced by lock tokens: a write applies only if its token is greater
 * than the last token stored for the order. One conditional upsert; when a newer token is already
 * stored the filter matches nothing and the upsert's insert collides on {@code _id} (E11000), which
 * is the rejection.
 */
@Component
class PaymentLedger {

	static final String COLLECTION = "payments";

	private final MongoTemplate mongo;

	PaymentLedger(MongoTemplate mongo) {
		this.mongo = mongo;
	}

	/**
	 * Records a charge if no newer lock holder has written the order.
	 * @param orderId the order
	 * @param fencingToken the writer's lock token
	 * @param amountCents the amount
	 * @return whether the write was applied
	 */
	boolean record(String orderId, long fencingToken, long amountCents) {
		Query fenced = Query.query(Criteria.where("_id").is(orderId).and("fence").lt(fencingToken));
		Update charge = new Update().set("fence", fencingToken).set("amountCents", amountCents).set("status", "CHARGED");
		try {
			this.mongo.upsert(fenced, charge, COLLECTION);
			return true;
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
	}

	/**
	 * The stored charge of an order.
	 * @param orderId the order
	 * @return the document or {@code null}
	 */
	Document find(String orderId) {
		return this.mongo.findById(orderId, Document.class, COLLECTION);
	}

}
