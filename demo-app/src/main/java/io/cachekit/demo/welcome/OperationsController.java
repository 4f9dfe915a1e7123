package io.cachekit.demo.welcome;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/ops/write-behind}: the worker's lag, for the welcome page (the worker runs on its own port).
 */
@RestController
class OperationsController {

	private final WorkerMetricsClient worker;

	OperationsController(WorkerMetricsClient worker) {
		this.worker = worker;
	}

	@GetMapping("/api/ops/write-behind")
	WriteBehindLag writeBehind() {
		return this.worker.lag();
	}

}
