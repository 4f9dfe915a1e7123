package io.cachekit.demo.order;

import java.time.Instant;

import java.util.List;

import io.cachekit.demo.support.MongoSequences;
import io.cachekit.demo.web.ConflictException;
import io.cachekit.demo.web.NotFoundException;
import io.cachekit.lock.DistributedLock;
import io.cachekit.lock.LockContext;

import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/**
 * Creates orders and pays them exactly once. A payment runs under a distributed lock on the order, so
 * concurrent duplicates (on any instance) take turns; the first charges, the others find the order paid
 * and return the same result, or get 409 if the lock stays busy longer than they wait. Every MongoDB write
 * of a payment is fenced with the lock's token: it only applies if no holder with a newer token has
 * written the order, so a holder whose lease ran out (a long GC pause) cannot overwrite a newer holder's
 * work. The payment gateway's idempotency key (the order id) is the last line: a charge is never made twice.
 */
@Service
public class OrderService {

	static final String SEQUENCE = "orders";

	private final OrderRepository orders;

	private final ChargeRepository charges;

	private final PaymentGateway gateway;

	private final MongoTemplate mongoTemplate;

	private final MongoSequences sequences;

	OrderService(OrderRepository orders, ChargeRepository charges, PaymentGateway gateway,
			MongoTemplate mongoTemplate, MongoSequences sequences) {
		this.orders = orders;
		this.charges = charges;
		this.gateway = gateway;
		this.mongoTemplate = mongoTemplate;
		this.sequences = sequences;
	}

	OrderView create(long amountCents) {
		Order order = new Order(this.sequences.next(SEQUENCE), amountCents, OrderStatus.PENDING, null, 0,
				Instant.now(), null);
		return view(this.orders.insert(order));
	}

	OrderView find(long id) {
		return view(load(id));
	}

	/**
	 * Pays an order once.
	 * @param id the order id
	 * @return the paid order
	 * @throws NotFoundException if there is no such order
	 * @throws ConflictException if a newer lock holder took the order over
	 */
	@DistributedLock(key = "'order:' + #id", waitTime = "5s")
	public OrderView pay(long id) {
		Order order = load(id);
		if (order.status() == OrderStatus.PAID) {
			return view(order);
		}
		long token = LockContext.currentFencingToken();
		// Claim: only if no newer holder wrote the order. A CHARGING order left by a holder that died is
		// taken over; the gateway's idempotency key makes the retried charge return the first one.
		Order claimed = this.mongoTemplate.findAndModify(
				Query.query(Criteria.where("_id").is(id)
					.and("status").in(List.of(OrderStatus.PENDING, OrderStatus.CHARGING))
					.and("fence").lt(token)),
				new Update().set("status", OrderStatus.CHARGING).set("fence", token),
				FindAndModifyOptions.options().returnNew(true), Order.class);
		if (claimed == null) {
			return paidOrConflict(id);
		}
		Charge charge = this.gateway.charge(id, claimed.amountCents());
		Order paid = this.mongoTemplate.findAndModify(
				Query.query(Criteria.where("_id").is(id).and("status").is(OrderStatus.CHARGING).and("fence").is(token)),
				new Update().set("status", OrderStatus.PAID).set("chargeId", charge.id()).set("paidAt", Instant.now()),
				FindAndModifyOptions.options().returnNew(true), Order.class);
		return (paid != null) ? view(paid) : paidOrConflict(id);
	}

	private OrderView paidOrConflict(long id) {
		Order current = load(id);
		if (current.status() == OrderStatus.PAID) {
			return view(current);
		}
		throw new ConflictException("Payment taken over",
				"Order " + id + " is being paid by a newer request; retry to see the result");
	}

	private Order load(long id) {
		return this.orders.findById(id).orElseThrow(() -> new NotFoundException("Order", id));
	}

	private OrderView view(Order order) {
		return new OrderView(order.id(), order.amountCents(), order.status(), order.chargeId(),
				this.charges.countByOrderId(order.id()), order.paidAt());
	}

}
