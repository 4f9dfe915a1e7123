package io.cachekit.demo.order;

import java.time.Instant;

import io.cachekit.demo.support.MongoSequences;
import io.cachekit.demo.web.ConflictException;
import io.cachekit.demo.web.NotFoundException;

import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/**
 * Creates orders and pays them exactly once. A payment first claims the order with a conditional MongoDB
 * update ({@code PENDING -> CHARGING}), so of many concurrent duplicate requests only one charges; the
 * others see the order being charged (409) or already paid (the same result).
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
	 * @throws ConflictException if another request is charging it right now
	 */
	OrderView pay(long id) {
		Order order = load(id);
		if (order.status() == OrderStatus.PAID) {
			return view(order);
		}
		Order claimed = this.mongoTemplate.findAndModify(
				Query.query(Criteria.where("_id").is(id).and("status").is(OrderStatus.PENDING)),
				new Update().set("status", OrderStatus.CHARGING), FindAndModifyOptions.options().returnNew(true),
				Order.class);
		if (claimed == null) {
			Order current = load(id);
			if (current.status() == OrderStatus.PAID) {
				return view(current);
			}
			throw new ConflictException("Payment in progress",
					"Order " + id + " is being charged by another request; retry to see the result");
		}
		Charge charge = this.gateway.charge(id, claimed.amountCents());
		Order paid = this.mongoTemplate.findAndModify(
				Query.query(Criteria.where("_id").is(id).and("status").is(OrderStatus.CHARGING)),
				new Update().set("status", OrderStatus.PAID).set("chargeId", charge.id()).set("paidAt", Instant.now()),
				FindAndModifyOptions.options().returnNew(true), Order.class);
		return view((paid != null) ? paid : load(id));
	}

	private Order load(long id) {
		return this.orders.findById(id).orElseThrow(() -> new NotFoundException("Order", id));
	}

	private OrderView view(Order order) {
		return new OrderView(order.id(), order.amountCents(), order.status(), order.chargeId(),
				this.charges.countByOrderId(order.id()), order.paidAt());
	}

}
