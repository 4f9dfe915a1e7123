package io.cachekit.writebehind.envelope;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The Kafka producer settings every write-behind producer uses (the application's publisher, the worker's
 * dead-letter and replay producers): the given settings with every setting that durability or ordering
 * depends on forced: idempotence, {@code acks=all}, unlimited retries within the delivery timeout, at most 5
 * requests in flight (ordering is kept with idempotence), and timeouts that fit inside the delivery timeout.
 */
public final class WriteBehindProducerConfig {

	private static final int MAX_IN_FLIGHT = 5;

	private WriteBehindProducerConfig() {
	}

	/**
	 * The producer configuration.
	 * @param base the application's producer settings
	 * @param ackTimeout the delivery timeout
	 * @param maxBlock the metadata and buffer wait
	 * @return the configuration
	 */
	public static Map<String, Object> of(Map<String, Object> base, Duration ackTimeout, Duration maxBlock) {
		Map<String, Object> config = new HashMap<>(base);
		config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
		config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		config.put(ProducerConfig.ACKS_CONFIG, "all");
		config.put(ProducerConfig.RETRIES_CONFIG, Integer.MAX_VALUE);
		int inFlight = intValue(config.get(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION), MAX_IN_FLIGHT);
		config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, Math.min(Math.max(inFlight, 1), MAX_IN_FLIGHT));
		long delivery = ackTimeout.toMillis();
		long linger = Math.min(intValue(config.get(ProducerConfig.LINGER_MS_CONFIG), 1), delivery / 4);
		long request = Math.min(intValue(config.get(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG), 30_000),
				delivery - linger);
		config.put(ProducerConfig.LINGER_MS_CONFIG, (int) linger);
		config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) request);
		config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) delivery);
		config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, maxBlock.toMillis());
		config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "cachekit-write-behind");
		return config;
	}

	private static int intValue(Object value, int fallback) {
		if (value == null) {
			return fallback;
		}
		return (value instanceof Number number) ? number.intValue() : Integer.parseInt(value.toString().strip());
	}

}
