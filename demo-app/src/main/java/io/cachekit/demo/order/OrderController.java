package io.cachekit.demo.order;

import java.net.URI;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Positive;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/orders}: create an order, read it, pay it exactly once.
 */
@RestController
@RequestMapping("/api/orders")
class OrderController {

	private final OrderService orders;

	OrderController(OrderService orders) {
		this.orders = orders;
	}

	@PostMapping
	ResponseEntity<OrderView> create(@Valid @RequestBody OrderRequest request) {
		OrderView order = this.orders.create(request.amountCents());
		return ResponseEntity.created(URI.create("/api/orders/" + order.id())).body(order);
	}

	@GetMapping("/{id}")
	OrderView order(@PathVariable @Positive long id) {
		return this.orders.find(id);
	}

	@PostMapping("/{id}/pay")
	OrderView pay(@PathVariable @Positive long id) {
		return this.orders.pay(id);
	}

}
