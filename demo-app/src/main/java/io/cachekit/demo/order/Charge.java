package io.cachekit.demo.order;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A charge recorded by the demo payment gateway. The order id is unique: it is the idempotency key.
 *
 * @param id the charge id
 * @param orderId the order it pays
 * @param amountCents the amount charged
 * @param createdAt when it was charged
 */
@Document("charges")
public record Charge(@Id String id, @Indexed(unique = true) long orderId, long amountCents, Instant createdAt) {

}
