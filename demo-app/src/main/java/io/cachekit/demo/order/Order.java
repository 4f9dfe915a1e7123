package io.cachekit.demo.order;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * An order as stored in MongoDB.
 *
 * @param id the order id
 * @param amountCents the amount to charge
 * @param status the payment status
 * @param chargeId the charge that paid it, once paid
 * @param fence the highest lock fencing token that wrote this order; writes with a lower token are refused
 * @param createdAt when it was created
 * @param paidAt when it was paid
 */
@Document("orders")
public record Order(@Id long id, long amountCents, OrderStatus status, String chargeId, long fence,
		Instant createdAt, Instant paidAt) {

}
