package io.cachekit.demo.order;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

/**
 * A stand-in for a payment provider: records charges in MongoDB after a simulated network delay. Like real
 * providers it takes an idempotency key (the order id), so a retried charge returns the first one instead
 * of charging twice.
 */
@Component
class PaymentGateway {

	private final ChargeRepository charges;

	private final Duration latency;

	PaymentGateway(ChargeRepository charges, @Value("${demo.payments.latency:20ms}") Duration latency) {
		this.charges = charges;
		this.latency = latency;
	}

	Charge charge(long orderId, long amountCents) {
		simulateNetwork();
		try {
			return this.charges.insert(new Charge(UUID.randomUUID().toString(), orderId, amountCents, Instant.now()));
		}
		catch (DuplicateKeyException ex) {
			return this.charges.findByOrderId(orderId).orElseThrow(() -> ex);
		}
	}

	private void simulateNetwork() {
		try {
			Thread.sleep(this.latency.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while charging", ex);
		}
	}

}
