package io.cachekit.demo.user;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * On a start with no users, bulk-inserts {@value #COUNT} users with ids {@code 1..COUNT} at version 0, so
 * that the worker's version-conditional writes replace them.
 */
@Component
@Order(20)
class UserSeeder implements ApplicationRunner {

	static final int COUNT = 100;

	private static final List<String> FIRST = List.of("Ada", "Alan", "Barbara", "Dennis", "Edsger", "Frances",
			"Grace", "John", "Ken", "Margaret");

	private static final List<String> LAST = List.of("Allen", "Backus", "Hopper", "Kay", "Knuth", "Lamport",
			"Liskov", "Ritchie", "Thompson", "Wirth");

	private static final Logger logger = LoggerFactory.getLogger(UserSeeder.class);

	private final MongoTemplate mongoTemplate;

	UserSeeder(MongoTemplate mongoTemplate) {
		this.mongoTemplate = mongoTemplate;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (this.mongoTemplate.estimatedCount(User.class) > 0) {
			return;
		}
		Instant now = Instant.now();
		List<User> users = new ArrayList<>(COUNT);
		for (int i = 1; i <= COUNT; i++) {
			String first = FIRST.get(i % FIRST.size());
			String last = LAST.get((i / FIRST.size()) % LAST.size());
			users.add(new User(String.valueOf(i), first + " " + last,
					(first + "." + last + i + "@example.com").toLowerCase(), 0, now));
		}
		this.mongoTemplate.insert(users, User.class);
		logger.info("Seeded {} users", COUNT);
	}

}
