package io.cachekit.demo.product;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.mongodb.repository.MongoRepository;

/**
 * Products in MongoDB.
 */
public interface ProductRepository extends MongoRepository<Product, Long> {

	/**
	 * One page of a category, ordered as the pageable says.
	 * @param category the category slug
	 * @param pageable the page
	 * @return the page
	 */
	Page<Product> findByCategory(String category, Pageable pageable);

}
