package io.cachekit.demo.order;

import java.time.Instant;

/**
 * An order as the API shows it, with the number of charges recorded for it.
 *
 * @param id the order id
 * @param amountCents the amount
 * @param status the payment status
 * @param chargeId the charge that paid it
 * @param charges charges recorded for this order
 * @param paidAt when it was paid
 */
record OrderView(long id, long amountCents, OrderStatus status, String chargeId, long charges, Instant paidAt) {

}
