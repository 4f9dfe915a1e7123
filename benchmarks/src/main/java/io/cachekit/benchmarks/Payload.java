package io.cachekit.benchmarks;

import java.util.ArrayList;
import java.util.List;

/**
 * A product-like value of about 1 KB as JSON, the value every read benchmark caches.
 *
 * @param id the id
 * @param name the name
 * @param category the category
 * @param price the price in cents
 * @param description a description padding the value to the wanted size
 * @param tags a few tags
 */
public record Payload(long id, String name, String category, long price, String description, List<String> tags) {

	/**
	 * Creates a payload whose JSON form is roughly {@code bytes} long.
	 * @param id the id
	 * @param bytes the approximate JSON size
	 * @return the payload
	 */
	public static Payload ofSize(long id, int bytes) {
		List<String> tags = new ArrayList<>(List.of("new", "popular", "outdoor"));
		int fixed = 140;
		String description = "x".repeat(Math.max(0, bytes - fixed));
		return new Payload(id, "Product " + id, "garden", 1999, description, tags);
	}

}
