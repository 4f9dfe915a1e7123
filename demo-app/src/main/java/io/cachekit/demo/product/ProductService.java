package io.cachekit.demo.product;

import java.time.Clock;
import java.time.Instant;

import io.cachekit.demo.support.MongoSequences;
import io.cachekit.demo.web.CacheStatus;
import io.cachekit.demo.web.NotFoundException;

import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.Caching;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;

/**
 * Cache-aside over MongoDB. Reads are served from the {@value #PRODUCTS} cache and the loader runs only on a
 * miss; writes go to MongoDB first, then refresh the product's entry and invalidate the category listings.
 */
@Service
public class ProductService {

	/** Cache of single products, keyed by id. */
	public static final String PRODUCTS = "products";

	/** Cache of category listing pages, keyed by category, page and size. */
	public static final String PAGES = "productPages";

	static final String SEQUENCE = "products";

	private final ProductRepository repository;

	private final MongoSequences sequences;

	private final Clock clock;

	ProductService(ProductRepository repository, MongoSequences sequences) {
		this.repository = repository;
		this.sequences = sequences;
		this.clock = Clock.systemUTC();
	}

	/**
	 * One product, from the cache when present.
	 * @param id the product id
	 * @return the product
	 * @throws NotFoundException if there is no such product
	 */
	@Cacheable(cacheNames = PRODUCTS, key = "#id", sync = true)
	public Product find(long id) {
		CacheStatus.recordLoad();
		return this.repository.findById(id).orElseThrow(() -> new NotFoundException("Product", id));
	}

	/**
	 * One page of a category, from the cache when present.
	 * @param category the category slug
	 * @param page the zero-based page
	 * @param size the page size
	 * @return the page
	 */
	@Cacheable(cacheNames = PAGES, key = "#category + ':' + #page + ':' + #size", sync = true)
	public ProductPage list(String category, int page, int size) {
		CacheStatus.recordLoad();
		Page<Product> result = this.repository.findByCategory(category,
				PageRequest.of(page, size, Sort.by("id")));
		return new ProductPage(category, page, size, result.getTotalElements(), result.getTotalPages(),
				result.getContent());
	}

	/**
	 * Stores a new product and caches it.
	 * @param request the product's fields
	 * @return the stored product
	 */
	@Caching(put = @CachePut(cacheNames = PRODUCTS, key = "#result.id"),
			evict = @CacheEvict(cacheNames = PAGES, allEntries = true))
	public Product create(ProductRequest request) {
		Product product = toProduct(this.sequences.next(SEQUENCE), request);
		return this.repository.insert(product);
	}

	/**
	 * Replaces a product in MongoDB, then refreshes its cache entry.
	 * @param id the product id
	 * @param request the new fields
	 * @return the stored product
	 * @throws NotFoundException if there is no such product
	 */
	@Caching(put = @CachePut(cacheNames = PRODUCTS, key = "#id"),
			evict = @CacheEvict(cacheNames = PAGES, allEntries = true))
	public Product update(long id, ProductRequest request) {
		if (!this.repository.existsById(id)) {
			throw new NotFoundException("Product", id);
		}
		return this.repository.save(toProduct(id, request));
	}

	/**
	 * Deletes a product from MongoDB, then from the cache.
	 * @param id the product id
	 * @throws NotFoundException if there is no such product
	 */
	@Caching(evict = { @CacheEvict(cacheNames = PRODUCTS, key = "#id"),
			@CacheEvict(cacheNames = PAGES, allEntries = true) })
	public void delete(long id) {
		if (!this.repository.existsById(id)) {
			throw new NotFoundException("Product", id);
		}
		this.repository.deleteById(id);
	}

	private Product toProduct(long id, ProductRequest request) {
		return new Product(id, request.name().strip(), request.category(), request.priceCents(), request.stock(),
				request.description(), Instant.now(this.clock));
	}

}
