package io.cachekit.demo.welcome;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.cache.CacheManager;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the public welcome page shows: {@code /api/ops/write-behind}, the worker's lag (the worker runs on its
 * own port), and {@code /api/ops/caches}, hits and misses per cache and 429 responses (the management endpoints
 * need an admin).
 */
@RestController
class OperationsController {

	private final WorkerMetricsClient worker;

	private final CacheManager cacheManager;

	private final MeterRegistry meters;

	OperationsController(WorkerMetricsClient worker, CacheManager cacheManager, MeterRegistry meters) {
		this.worker = worker;
		this.cacheManager = cacheManager;
		this.meters = meters;
	}

	@GetMapping("/api/ops/caches")
	CacheActivity caches() {
		return CacheActivity.of(this.cacheManager, this.meters);
	}

	@GetMapping("/api/ops/write-behind")
	WriteBehindLag writeBehind() {
		return this.worker.lag();
	}

}
