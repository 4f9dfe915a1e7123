package io.cachekit.worker.store;

import com.mongodb.client.MongoDatabase;
import org.bson.Document;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * MongoDB health from a {@code ping} on the database the worker writes to: the one round trip that says the
 * worker's writes can reach the server. It replaces Boot's indicator, which asks for {@code hello}, a command
 * that MongoDB wire-protocol stand-ins used for local runs do not all implement.
 */
public class MongoPingHealthIndicator extends AbstractHealthIndicator {

	private final MongoDatabase database;

	/**
	 * Creates the indicator.
	 * @param database the worker's database
	 */
	public MongoPingHealthIndicator(MongoDatabase database) {
		super("MongoDB health check failed");
		this.database = database;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		Document answer = this.database.runCommand(new Document("ping", 1));
		builder.up().withDetail("database", this.database.getName()).withDetail("ping", answer.get("ok"));
	}

}
