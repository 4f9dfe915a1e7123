package io.cachekit.demo.order;

import org.springframework.data.mongodb.repository.MongoRepository;

/**
 * Orders in MongoDB.
 */
public interface OrderRepository extends MongoRepository<Order, Long> {

}
