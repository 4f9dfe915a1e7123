package io.cachekit.cache;

import java.util.List;

/**
 * A value cached by the tests.
 *
 * @param id the id
 * @param name the name
 * @param labels some labels
 */
record Product(long id, String name, List<String> labels) {

	static Product of(long id) {
		return new Product(id, "product " + id, List.of("a", "b"));
	}

}
