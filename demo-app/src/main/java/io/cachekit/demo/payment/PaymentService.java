package io.cachekit.demo.payment;

import io.cachekit.lock.DistributedLock;
import io.cachekit.lock.LockContext;
import io.cachekit.ratelimit.RateLimited;

import org.springframework.stereotype.Service;

/**
 * Charges orders: at most 5 attempts per order a minute, one instance at a time per order, and
 * every write fenced by the lock's token.
 */
@Service
public class PaymentService {

	private final PaymentLedger ledger;

	PaymentService(PaymentLedger ledger) {
		this.ledger = ledger;
	}

	/**
	 * Charges an order.
	 * @param orderId the order
	 * @param amountCents the amount
	 * @return the charge
	 * @throws StaleLockHolderException if a newer lock holder already wrote the order
	 */
	@RateLimited(name = "charge", key = "#orderId", limit = 5, window = "1m")
	@DistributedLock(key = "'order:' + #orderId", waitTime = "2s", leaseTime = "10s")
	public Charge charge(String orderId, long amountCents) {
		long token = LockContext.currentFencingToken();
		if (!this.ledger.record(orderId, token, amountCents)) {
			throw new StaleLockHolderException(orderId, token);
		}
		return new Charge(orderId, amountCents, token);
	}

	/**
	 * A recorded charge.
	 *
	 * @param orderId the order
	 * @param amountCents the amount
	 * @param fencingToken the token the charge was written with
	 */
	public record Charge(String orderId, long amountCents, long fencingToken) {

	}

}
