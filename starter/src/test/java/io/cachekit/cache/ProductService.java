package io.cachekit.cache;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;

/**
 * Cached methods exercised by the integration tests; {@link #calls} counts real invocations.
 */
class ProductService {

	private final AtomicInteger calls = new AtomicInteger();

	public int calls() {
		return this.calls.get();
	}

	@Cacheable("product")
	public Product product(long id) {
		this.calls.incrementAndGet();
		return Product.of(id);
	}

	@Cacheable("product")
	@CacheTtl("30s")
	public Product shortLived(String id) {
		this.calls.incrementAndGet();
		return Product.of(id.length());
	}

	@Cacheable("other")
	public Product other(long id) {
		this.calls.incrementAndGet();
		return Product.of(id);
	}

	@Cacheable("missing")
	public Product missing(long id) {
		this.calls.incrementAndGet();
		return null;
	}

	@Cacheable("optional")
	public Optional<Product> optional(long id) {
		this.calls.incrementAndGet();
		return Optional.of(Product.of(id));
	}

	@Cacheable("lists")
	public List<Product> list(int size) {
		this.calls.incrementAndGet();
		return java.util.stream.LongStream.range(0, size).mapToObj(Product::of).toList();
	}

	@Cacheable("tagged")
	@CacheTags({ "'product:' + #id", "'all-products'" })
	public Product tagged(long id) {
		this.calls.incrementAndGet();
		return Product.of(id);
	}

	@Cacheable(cacheNames = "conditional", condition = "#id > 0", unless = "#result.name().endsWith('7')")
	public Product conditional(long id) {
		this.calls.incrementAndGet();
		return Product.of(id);
	}

	@Cacheable(cacheNames = "sync", sync = true)
	public Product synced(long id) {
		this.calls.incrementAndGet();
		try {
			Thread.sleep(100);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return Product.of(id);
	}

	@CachePut(cacheNames = "product", key = "#product.id()")
	public Product save(Product product) {
		this.calls.incrementAndGet();
		return product;
	}

	@CacheEvict("product")
	public void evict(long id) {
	}

	@CacheEvict(cacheNames = "product", allEntries = true)
	public void evictAll() {
	}

}
