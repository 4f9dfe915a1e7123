package io.cachekit.demo.order;

import java.util.Optional;

import org.springframework.data.mongodb.repository.MongoRepository;

/**
 * Charges in MongoDB.
 */
public interface ChargeRepository extends MongoRepository<Charge, String> {

	/**
	 * The charge of an order.
	 * @param orderId the order
	 * @return the charge, if the order was charged
	 */
	Optional<Charge> findByOrderId(long orderId);

	/**
	 * How many charges an order has (never more than one).
	 * @param orderId the order
	 * @return the count
	 */
	long countByOrderId(long orderId);

}
