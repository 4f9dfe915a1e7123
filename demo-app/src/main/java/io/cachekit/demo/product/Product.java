package io.cachekit.demo.product;

import java.io.Serializable;
import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A product of the catalogue, as stored in MongoDB and as cached.
 *
 * @param id the product id
 * @param name the display name
 * @param category the category slug
 * @param priceCents the price in cents
 * @param stock units in stock
 * @param description a longer description
 * @param updatedAt when it last changed
 */
@Document("products")
public record Product(@Id long id, String name, @Indexed String category, long priceCents, int stock,
		String description, Instant updatedAt) implements Serializable {

}
