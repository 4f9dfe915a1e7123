package io.cachekit.demo.product;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import io.cachekit.cache.CacheOperations;
import io.cachekit.cache.CacheTags;
import io.cachekit.cache.CacheTtl;
import io.cachekit.cache.CacheableEach;
import io.cachekit.demo.support.MongoSequences;
import io.cachekit.demo.web.CacheStatus;
import io.cachekit.demo.web.NotFoundException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;

/**
 * Cache-aside over MongoDB with cachekit. Reads are served from the {@value #PRODUCTS} cache (TTL 10 minutes)
 * and the loader runs only on a miss; listing pages are cached for 2 minutes with the tag
 * {@code category:<slug>}. Writes go to MongoDB first, then refresh the product's entry and evict the tag of
 * every category they touch, so only the listings of those categories are invalidated.
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

	private final CacheOperations cacheOperations;

	private final Clock clock;

	ProductService(ProductRepository repository, MongoSequences sequences, CacheOperations cacheOperations) {
		this.repository = repository;
		this.sequences = sequences;
		this.cacheOperations = cacheOperations;
		this.clock = Clock.systemUTC();
	}

	/**
	 * One product, from the cache when present.
	 * @param id the product id
	 * @return the product
	 * @throws NotFoundException if there is no such product
	 */
	@Cacheable(cacheNames = PRODUCTS, key = "#id", sync = true)
	@CacheTtl("10m")
	public Product find(long id) {
		CacheStatus.recordLoad();
		return this.repository.findById(id).orElseThrow(() -> new NotFoundException("Product", id));
	}

	/**
	 * Several products at once, each from its own entry of the {@value #PRODUCTS} cache (the entry
	 * {@link #find(long)} reads and writes): one multi-key read finds the cached ones and MongoDB is asked once,
	 * for the missing ids only.
	 * @param ids the product ids
	 * @return the products found, by id; ids without a product are left out (and cached as absent)
	 */
	@CacheableEach(PRODUCTS)
	@CacheTtl("10m")
	public Map<Long, Product> findAll(Collection<Long> ids) {
		Map<Long, Product> products = new LinkedHashMap<>();
		this.repository.findAllById(ids).forEach((product) -> products.put(product.id(), product));
		return products;
	}

	/**
	 * The same product for reactive callers: the same cache entry as {@link #find(long)} (same cache and key), so
	 * either method's load serves the other. Neither the caller's thread nor a Reactor thread waits for Redis;
	 * MongoDB, whose repository here blocks, is read on Reactor's bounded elastic scheduler.
	 * @param id the product id
	 * @return the product, or an error {@link NotFoundException}
	 */
	@Cacheable(cacheNames = PRODUCTS, key = "#id", sync = true)
	@CacheTtl("10m")
	public Mono<Product> findReactive(long id) {
		return Mono.fromCallable(() -> this.repository.findById(id).orElseThrow(() -> new NotFoundException("Product", id)))
			.subscribeOn(Schedulers.boundedElastic());
	}

	/**
	 * One page of a category, from the cache when present.
	 * @param category the category slug
	 * @param page the zero-based page
	 * @param size the page size
	 * @return the page
	 */
	@Cacheable(cacheNames = PAGES, key = "#category + ':' + #page + ':' + #size", sync = true)
	@CacheTtl("2m")
	@CacheTags("'category:' + #category")
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
	@CachePut(cacheNames = PRODUCTS, key = "#result.id")
	@CacheTtl("10m")
	public Product create(ProductRequest request) {
		Product product = this.repository.insert(toProduct(this.sequences.next(SEQUENCE), request));
		evictListings(product.category());
		return product;
	}

	/**
	 * Replaces a product in MongoDB, then refreshes its cache entry.
	 * @param id the product id
	 * @param request the new fields
	 * @return the stored product
	 * @throws NotFoundException if there is no such product
	 */
	@CachePut(cacheNames = PRODUCTS, key = "#id")
	@CacheTtl("10m")
	public Product update(long id, ProductRequest request) {
		Product previous = this.repository.findById(id).orElseThrow(() -> new NotFoundException("Product", id));
		Product updated = this.repository.save(toProduct(id, request));
		evictListings(previous.category(), updated.category());
		return updated;
	}

	/**
	 * Deletes a product from MongoDB, then from the cache.
	 * @param id the product id
	 * @throws NotFoundException if there is no such product
	 */
	@CacheEvict(cacheNames = PRODUCTS, key = "#id")
	public void delete(long id) {
		Product previous = this.repository.findById(id).orElseThrow(() -> new NotFoundException("Product", id));
		this.repository.deleteById(id);
		evictListings(previous.category());
	}

	private void evictListings(String... categories) {
		for (String category : new LinkedHashSet<>(List.of(categories))) {
			this.cacheOperations.evictTag("category:" + category);
		}
	}

	private Product toProduct(long id, ProductRequest request) {
		return new Product(id, request.name().strip(), request.category(), request.priceCents(), request.stock(),
				request.description(), Instant.now(this.clock));
	}

}
