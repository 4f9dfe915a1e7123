package io.cachekit.demo.order;

/**
 * Where an order is in its payment.
 */
public enum OrderStatus {

	/** Created, not paid. */
	PENDING,

	/** A payment holder claimed the order and is charging it. */
	CHARGING,

	/** Charged. */
	PAID

}
