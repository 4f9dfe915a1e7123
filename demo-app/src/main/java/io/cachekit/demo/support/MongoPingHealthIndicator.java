package io.cachekit.demo.support;

import org.bson.Document;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * MongoDB health from a {@code ping} on the application's database. Replaces Boot's indicator, which asks
 * every database for {@code hello}: a command that MongoDB-compatible test servers may not implement.
 */
class MongoPingHealthIndicator extends AbstractHealthIndicator {

	private final MongoTemplate mongoTemplate;

	MongoPingHealthIndicator(MongoTemplate mongoTemplate) {
		super("MongoDB health check failed");
		this.mongoTemplate = mongoTemplate;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		Document result = this.mongoTemplate.executeCommand(new Document("ping", 1));
		builder.up().withDetail("database", this.mongoTemplate.getDb().getName()).withDetail("ping", result.get("ok"));
	}

}
