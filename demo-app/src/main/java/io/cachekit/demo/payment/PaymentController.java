package io.cachekit.demo.payment;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/orders/{orderId}/charge?amountCents=…}.
 */
@RestController
class PaymentController {

	private final PaymentService payments;

	PaymentController(PaymentService payments) {
		this.payments = payments;
	}

	@PostMapping("/api/orders/{orderId}/charge")
	PaymentService.Charge charge(@PathVariable String orderId, @RequestParam long amountCents) {
		return this.payments.charge(orderId, amountCents);
	}

}
