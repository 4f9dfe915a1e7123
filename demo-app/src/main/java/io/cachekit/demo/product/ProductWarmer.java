package io.cachekit.demo.product;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

import io.cachekit.cache.warming.CacheWarmer;
import io.cachekit.cache.warming.CacheWarming;

/**
 * Warms the {@value ProductService#PRODUCTS} cache with the {@value #TOP} products read most lately across
 * instances (the cache shares its hot keys in Redis), at startup and then every warming interval: entries
 * close to expiry are reloaded under their lease before they expire, so the hottest products never miss and
 * warming never stampedes MongoDB. One instance warms at a time. On a first start nothing has been read yet,
 * so nothing is warmed.
 */
@Component
class ProductWarmer implements CacheWarmer {

	/** How many of the hottest products are kept warm. */
	static final int TOP = 100;

	private static final Logger logger = LoggerFactory.getLogger(ProductWarmer.class);

	private final ProductRepository repository;

	private final Map<Long, AtomicInteger> loads = new ConcurrentHashMap<>();

	ProductWarmer(ProductRepository repository) {
		this.repository = repository;
	}

	@Override
	public String cacheName() {
		return ProductService.PRODUCTS;
	}

	@Override
	public void warm(CacheWarming warming) {
		List<Long> ids = new ArrayList<>();
		for (String key : warming.hotKeys(TOP)) {
			try {
				ids.add(Long.valueOf(key));
			}
			catch (NumberFormatException ex) {
				logger.debug("Skipping hot key '{}': not a product id", key);
			}
		}
		for (Long id : ids) {
			warming.warm(id, () -> load(id));
		}
	}

	private Product load(long id) {
		this.loads.computeIfAbsent(id, (key) -> new AtomicInteger()).incrementAndGet();
		// a product deleted since it was hot is cached as absent, as a read would
		return this.repository.findById(id).orElse(null);
	}

	/**
	 * How often this instance loaded each product while warming.
	 * @return loads by product id
	 */
	Map<Long, AtomicInteger> loads() {
		return this.loads;
	}

}
