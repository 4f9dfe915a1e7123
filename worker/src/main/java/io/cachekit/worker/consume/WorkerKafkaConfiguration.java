package io.cachekit.worker.consume;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.redisson.api.RedissonClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.util.backoff.ExponentialBackOff;

import io.cachekit.keys.CachekitKeys;
import io.cachekit.worker.KafkaClientProperties;
import io.cachekit.worker.WorkerProperties;
import io.cachekit.worker.WorkerTopics;
import io.cachekit.worker.store.MongoEnvelopeStore;
import io.cachekit.worker.store.RejectedEnvelopeException;
import io.cachekit.writebehind.envelope.InvalidEnvelopeException;
import io.cachekit.writebehind.envelope.WriteBehindEnvelopeCodec;
import io.cachekit.writebehind.envelope.WriteBehindProducerConfig;
import io.cachekit.writebehind.pending.WriteBehindCache;

/**
 * The worker's Kafka setup: topics, the consumer (envelopes read through an {@link ErrorHandlingDeserializer},
 * no auto-commit), the dead-letter producer, and the single {@link CommonErrorHandler} Spring Boot wires into
 * the listener container.
 */
@Configuration(proxyBeanMethods = false)
public class WorkerKafkaConfiguration {

	@Bean
	NewTopic writeBehindTopic(WorkerTopics topics, WorkerProperties properties) {
		return durable(TopicBuilder.name(topics.writeBehind()).partitions(properties.getPartitions()));
	}

	@Bean
	NewTopic writeBehindDeadLetterTopic(WorkerTopics topics, WorkerProperties properties) {
		return durable(TopicBuilder.name(topics.deadLetter()).partitions(properties.getPartitions()));
	}

	/**
	 * An out-of-sync replica never becomes leader of these topics, whatever the broker's default: it would drop
	 * acknowledged updates. Replication factor and {@code min.insync.replicas} come from the cluster's defaults
	 * (see docs/write-behind.md).
	 */
	private static NewTopic durable(TopicBuilder topic) {
		return topic.config(TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG, "false").build();
	}

	@Bean
	DefaultKafkaConsumerFactoryCustomizer writeBehindConsumerFactoryCustomizer(WriteBehindEnvelopeCodec codec,
			WorkerProperties properties) {
		return (factory) -> {
			Map<String, Object> overrides = new HashMap<>();
			overrides.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
			overrides.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, properties.getMaxBatchSize());
			overrides.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) properties.getMaxPollInterval().toMillis());
			if (!factory.getConfigurationProperties().containsKey(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG)) {
				overrides.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
			}
			factory.updateConfigs(overrides);
			factory.setKeyDeserializerSupplier(() -> cast(new StringDeserializer()));
			factory.setValueDeserializerSupplier(
					() -> cast(new ErrorHandlingDeserializer<>(new EnvelopeDeserializer(codec))));
		};
	}

	@SuppressWarnings("unchecked")
	private static <T> Deserializer<T> cast(Deserializer<?> deserializer) {
		return (Deserializer<T>) deserializer;
	}

	@Bean
	CachedCopies redisCachedCopies(RedissonClient redisson, CachekitKeys keys, WorkerProperties properties) {
		return new RedisCachedCopies(redisson, keys, properties.getRedisTimeout().toMillis());
	}

	@Bean
	WorkerMetrics workerMetrics(MeterRegistry registry) {
		return new WorkerMetrics(registry);
	}

	@Bean
	WriteBehindBatchListener writeBehindBatchListener(MongoEnvelopeStore store, ObjectProvider<WriteBehindCache> cache,
			ObjectProvider<CachedCopies> copies, ObjectProvider<BatchObserver> observers, WorkerMetrics metrics,
			ObjectProvider<ObservationRegistry> observations) {
		return new WriteBehindBatchListener(store, cache, copies, observers, metrics, Clock.systemUTC(),
				observations.getIfUnique(() -> ObservationRegistry.NOOP));
	}

	static DefaultKafkaProducerFactory<String, Object> deadLetterProducerFactory(KafkaProperties kafkaProperties,
			KafkaConnectionDetails connectionDetails, WriteBehindEnvelopeCodec codec) {
		Map<String, Object> base = KafkaClientProperties.producer(kafkaProperties, connectionDetails);
		base.put(ProducerConfig.CLIENT_ID_CONFIG, "cachekit-worker-dlt");
		Map<String, Object> config = WriteBehindProducerConfig.of(base, Duration.ofSeconds(30),
				Duration.ofSeconds(10));
		config.remove(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);
		config.remove(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG);
		return new DefaultKafkaProducerFactory<>(config, new StringSerializer(), new DeadLetterSerializer(codec));
	}

	@Bean
	DeadLetterRecoverer deadLetterRecoverer(KafkaProperties kafkaProperties, KafkaConnectionDetails connectionDetails,
			WriteBehindEnvelopeCodec codec, WorkerTopics topics, ObjectProvider<WriteBehindCache> cache,
			WorkerMetrics metrics) {
		DefaultKafkaProducerFactory<String, Object> producerFactory = deadLetterProducerFactory(kafkaProperties,
				connectionDetails, codec);
		KafkaTemplate<String, Object> template = new KafkaTemplate<>(producerFactory);
		DeadLetterPublishingRecoverer publisher = new DeadLetterPublishingRecoverer(template,
				(record, ex) -> new TopicPartition(topics.deadLetter(), -1));
		publisher.setFailIfSendResultIsError(true);
		publisher.setExceptionHeadersCreator(new DeadLetterExceptionHeaders());
		publisher.setHeadersFunction(DeadLetterRecoverer::versionHeader);
		publisher.setWaitForSendResultTimeout(Duration.ofSeconds(40));
		return new DeadLetterRecoverer(publisher, producerFactory, cache, metrics);
	}

	@Bean
	WorkerHealthIndicator writeBehindWorkerHealthIndicator(KafkaListenerEndpointRegistry registry) {
		return new WorkerHealthIndicator(registry);
	}

	@Bean
	CommonErrorHandler writeBehindErrorHandler(DeadLetterRecoverer deadLetterRecoverer, WorkerProperties properties) {
		WorkerProperties.Retry retry = properties.getRetry();
		ExponentialBackOff backOff = new ExponentialBackOff(retry.getInitialInterval().toMillis(),
				retry.getMultiplier());
		backOff.setMaxInterval(retry.getMaxInterval().toMillis());
		WriteBehindErrorHandler handler = new WriteBehindErrorHandler(deadLetterRecoverer, backOff);
		handler.addNotRetryableExceptions(InvalidEnvelopeException.class, RejectedEnvelopeException.class);
		return handler;
	}

}
