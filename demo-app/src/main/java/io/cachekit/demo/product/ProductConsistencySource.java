package io.cachekit.demo.product;

import org.springframework.stereotype.Component;

import io.cachekit.cache.consistency.ConsistencySource;

/**
 * The source of truth of the {@value ProductService#PRODUCTS} cache for cachekit's consistency monitor: the
 * product in MongoDB, compared by its last change (to the millisecond, as MongoDB stores it).
 */
@Component
class ProductConsistencySource implements ConsistencySource<Product> {

	private final ProductRepository repository;

	ProductConsistencySource(ProductRepository repository) {
		this.repository = repository;
	}

	@Override
	public String cacheName() {
		return ProductService.PRODUCTS;
	}

	@Override
	public Class<Product> valueType() {
		return Product.class;
	}

	@Override
	public Product read(Object key) {
		return this.repository.findById(((Number) key).longValue()).orElse(null);
	}

	@Override
	public Object version(Product product) {
		return (product.updatedAt() != null) ? product.updatedAt().toEpochMilli() : null;
	}

}
