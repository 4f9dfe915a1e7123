package io.cachekit.demo.welcome;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cache.CacheManager;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.cachekit.cache.consistency.ConsistencyMonitor;
import io.cachekit.demo.product.ProductService;

/**
 * What the public welcome page shows: {@code /api/ops/write-behind}, the worker's lag (the worker runs on its
 * own port), and {@code /api/ops/caches}, hits and misses per cache and 429 responses (the management endpoints
 * need an admin), and {@code /api/ops/products}, the hottest products and the consistency monitor's figures.
 */
@RestController
class OperationsController {

	private final WorkerMetricsClient worker;

	private final CacheManager cacheManager;

	private final MeterRegistry meters;

	private final ConsistencyMonitor consistency;

	OperationsController(WorkerMetricsClient worker, CacheManager cacheManager, MeterRegistry meters,
			ObjectProvider<ConsistencyMonitor> consistency) {
		this.worker = worker;
		this.cacheManager = cacheManager;
		this.meters = meters;
		this.consistency = consistency.getIfAvailable();
	}

	@GetMapping("/api/ops/caches")
	CacheActivity caches() {
		return CacheActivity.of(this.cacheManager, this.meters);
	}

	@GetMapping("/api/ops/products")
	ResponseEntity<CacheInsight> products() {
		CacheInsight insight = CacheInsight.of(this.cacheManager, this.consistency, ProductService.PRODUCTS);
		return (insight != null) ? ResponseEntity.ok(insight) : ResponseEntity.noContent().build();
	}

	@GetMapping("/api/ops/write-behind")
	WriteBehindLag writeBehind() {
		return this.worker.lag();
	}

}
