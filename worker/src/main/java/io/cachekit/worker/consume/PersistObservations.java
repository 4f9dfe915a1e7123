package io.cachekit.worker.consume;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.ReceiverContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import io.cachekit.writebehind.envelope.WriteBehindEnvelope;

/**
 * One observation per record of a batch while the batch is persisted, named {@code cachekit.worker.persist}
 * and tagged with the entity type. Each carries its record's headers, so a tracer continues the trace the
 * application started when it published the update (Spring Kafka writes the trace context into the headers):
 * the HTTP request that saved, the publish and this persist appear in one trace. With Micrometer's meter handler
 * it is also a timer of the batch write per record. Spring Kafka's own listener observation does not cover batch
 * listeners, hence this.
 */
final class PersistObservations {

	static final String NAME = "cachekit.worker.persist";

	private final ObservationRegistry registry;

	PersistObservations(ObservationRegistry registry) {
		this.registry = registry;
	}

	/**
	 * Starts the observations of a batch's records.
	 * @param records the records about to be written
	 * @return the started observations, to stop once the write is over
	 */
	List<Observation> start(List<ConsumerRecord<String, WriteBehindEnvelope>> records) {
		if (this.registry.isNoop()) {
			return List.of();
		}
		List<Observation> started = new ArrayList<>(records.size());
		for (ConsumerRecord<String, WriteBehindEnvelope> record : records) {
			ReceiverContext<Headers> context = new ReceiverContext<>(PersistObservations::header);
			context.setCarrier(record.headers());
			context.setRemoteServiceName("kafka");
			String type = (record.value() != null) ? record.value().type() : "unknown";
			started.add(Observation.createNotStarted(NAME, () -> context, this.registry)
				.contextualName("worker persist " + type)
				.lowCardinalityKeyValue("type", type)
				.start());
		}
		return started;
	}

	/**
	 * Stops the observations of a batch.
	 * @param observations what {@link #start} returned
	 * @param failure why the write failed, or {@code null}
	 */
	static void stop(List<Observation> observations, Throwable failure) {
		for (Observation observation : observations) {
			observation.lowCardinalityKeyValue("outcome", (failure != null) ? "failed" : "persisted");
			if (failure != null) {
				observation.error(failure);
			}
			observation.stop();
		}
	}

	private static String header(Headers headers, String key) {
		Header header = headers.lastHeader(key);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

}
