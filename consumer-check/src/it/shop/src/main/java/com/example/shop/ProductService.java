package com.example.shop;

import java.util.concurrent.atomic.AtomicInteger;

import io.cachekit.cache.CacheTags;
import io.cachekit.cache.CacheTtl;

import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;

@Service
public class ProductService {

	private final AtomicInteger loads = new AtomicInteger();

	@Cacheable("product")
	@CacheTtl("30s")                      // wins over the per-cache and default TTL
	@CacheTags("'product:' + #id")   // optional: CacheOperations.evictTag("product:42")
	public Product find(long id) {
		loads.incrementAndGet();
		return new Product(id, "Product " + id);
	}

	public int loads() {
		return loads.get();
	}

}
