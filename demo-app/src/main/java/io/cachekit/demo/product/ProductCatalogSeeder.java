package io.cachekit.demo.product;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.cachekit.demo.support.MongoSequences;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * On a start with no products, bulk-inserts {@value #COUNT} products spread over {@link #CATEGORIES} with ids
 * {@code 1..COUNT}, so that {@code GET /api/products/1} works on a fresh database.
 */
@Component
@Order(10)
class ProductCatalogSeeder implements ApplicationRunner {

	static final int COUNT = 1_200;

	static final List<String> CATEGORIES = List.of("books", "electronics", "games", "garden", "kitchen", "music",
			"office", "outdoor", "pets", "sports", "tools", "toys");

	private static final List<String> ADJECTIVES = List.of("Compact", "Classic", "Deluxe", "Eco", "Rapid",
			"Silent", "Smart", "Sturdy", "Travel", "Vintage");

	private static final Logger logger = LoggerFactory.getLogger(ProductCatalogSeeder.class);

	private final MongoTemplate mongoTemplate;

	private final MongoSequences sequences;

	ProductCatalogSeeder(MongoTemplate mongoTemplate, MongoSequences sequences) {
		this.mongoTemplate = mongoTemplate;
		this.sequences = sequences;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (this.mongoTemplate.estimatedCount(Product.class) > 0) {
			return;
		}
		Instant now = Instant.now();
		List<Product> products = new ArrayList<>(COUNT);
		for (int i = 1; i <= COUNT; i++) {
			String category = CATEGORIES.get(i % CATEGORIES.size());
			String name = ADJECTIVES.get((i / CATEGORIES.size()) % ADJECTIVES.size()) + " " + category + " item " + i;
			products.add(new Product(i, name, category, 199 + (i * 37L) % 20_000, (i * 7) % 120,
					"Seeded demo product number " + i + " in " + category + ".", now));
		}
		this.mongoTemplate.insert(products, Product.class);
		this.sequences.advanceTo(ProductService.SEQUENCE, COUNT);
		logger.info("Seeded {} products in {} categories", COUNT, CATEGORIES.size());
	}

}
