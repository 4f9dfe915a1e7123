package io.cachekit.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Projections;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.bson.Document;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.event.ConsumerPausedEvent;
import org.springframework.kafka.event.KafkaEvent;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.MessageListenerContainer;

import io.cachekit.apps.CachingReaderTestApplication;
import io.cachekit.apps.PublisherTestApplication;
import io.cachekit.test.DevServices;
import io.cachekit.test.WorkerLauncher;
import io.cachekit.worker.consume.BatchObserver;
import io.cachekit.worker.consume.BatchOutcome;
import io.cachekit.worker.consume.WriteBehindBatchListener;
import io.cachekit.writebehind.envelope.WriteBehindEnvelope;

/**
 * Publishers and workers wired to one Kafka, Redis and MongoDB under names unique to one test: a topic, a
 * consumer group, a Redis key prefix and a database.
 */
final class WriteBehindTestCluster implements AutoCloseable {

	static final String TYPE = CachingReaderTestApplication.TYPE;

	final String kafka;

	final String redisUrl;

	final String mongoUri;

	final String database;

	final String topic;

	final String group;

	private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

	private final MongoClient mongo;

	/**
	 * A cluster on the JVM's shared dev-services Kafka, Redis and MongoDB.
	 * @param name a name unique to the test class (topic, group and database names derive from it)
	 * @return the cluster
	 */
	static WriteBehindTestCluster onSharedServers(String name) {
		return new WriteBehindTestCluster(name, DevServices.shared().kafkaBootstrapServers(),
				DevServices.shared().redis().url(), DevServices.shared().mongoUri());
	}

	WriteBehindTestCluster(String name, String kafka, String redisUrl, String mongoServerUri) {
		String unique = name + "-" + UUID.randomUUID().toString().substring(0, 8);
		this.kafka = kafka;
		this.redisUrl = redisUrl;
		this.database = unique.replace('.', '_');
		this.mongoUri = mongoServerUri + "/" + this.database;
		this.topic = "wb-" + unique;
		this.group = "worker-" + unique;
		this.mongo = MongoClients.create(mongoServerUri + "/?serverSelectionTimeoutMS=2000");
	}

	/** The applications' cachekit namespace. */
	String namespace() {
		return "wb-" + this.database;
	}

	private Map<String, Object> common() {
		Map<String, Object> properties = new HashMap<>();
		properties.put("spring.kafka.bootstrap-servers", this.kafka);
		if (this.redisUrl != null) {
			properties.put("spring.data.redis.url", this.redisUrl);
		}
		properties.put("spring.mongodb.uri", this.mongoUri + "?serverSelectionTimeoutMS=2000&connectTimeoutMS=1000");
		properties.put("spring.jmx.enabled", "false");
		properties.put("cachekit.write-behind.topic", this.topic);
		properties.put("cachekit.namespace", namespace());
		properties.put("cachekit.worker.topic", this.topic);
		properties.put("cachekit.worker.group-id", this.group);
		properties.put("cachekit.worker.partitions", "4");
		properties.put("cachekit.worker.retry.max-interval", "1s");
		properties.put("spring.kafka.consumer.properties.session.timeout.ms", "10000");
		properties.put("spring.kafka.consumer.properties.heartbeat.interval.ms", "1000");
		properties.put("logging.level.org.springframework.kafka.listener", "OFF");
		return properties;
	}

	/**
	 * Command-line arguments, so they win over the application's own application.yml; an override
	 * ({@code key=value}) replaces the common setting of the same key.
	 */
	String[] arguments(String... overrides) {
		Map<String, Object> properties = new LinkedHashMap<>(common());
		for (String override : overrides) {
			int equals = override.indexOf('=');
			properties.put(override.substring(0, equals), override.substring(equals + 1));
		}
		List<String> arguments = new ArrayList<>();
		properties.forEach((key, value) -> arguments.add("--" + key + "=" + value));
		return arguments.toArray(String[]::new);
	}

	synchronized ConfigurableApplicationContext publisher(String... properties) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(PublisherTestApplication.class)
			.web(WebApplicationType.NONE)
			.run(arguments(properties));
		this.contexts.add(context);
		return context;
	}

	/**
	 * Starts another application on the cluster's servers, e.g. one that reads through a cache.
	 * @param source the application's configuration
	 * @param properties overrides, {@code key=value}
	 * @return the running context
	 */
	synchronized ConfigurableApplicationContext application(Class<?> source, String... properties) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(source).web(WebApplicationType.NONE)
			.run(arguments(properties));
		this.contexts.add(context);
		return context;
	}

	synchronized Worker worker(String... properties) {
		Worker worker = new Worker();
		ConfigurableApplicationContext context = workerLauncher(properties)
			.initializer((ConfigurableApplicationContext ctx) -> {
				ctx.getBeanFactory().registerSingleton("testObserver", worker.observer);
				ctx.getBeanFactory().registerSingleton("testRebalanceListener", worker.rebalances);
				ctx.addApplicationListener(worker.rebalances);
			})
			.start();
		worker.context = context;
		this.contexts.add(context);
		return worker;
	}

	/**
	 * A worker of this cluster, as in production (see {@link WorkerLauncher}), not started yet.
	 * @param overrides {@code key=value} settings that win over the cluster's
	 * @return the launcher
	 */
	WorkerLauncher workerLauncher(String... overrides) {
		WorkerLauncher launcher = WorkerLauncher.forNamespace(namespace());
		common().forEach((key, value) -> launcher.property(key, value));
		return launcher.properties(overrides);
	}

	MongoCollection<Document> collection() {
		return mongoDatabase().getCollection(TYPE);
	}

	com.mongodb.client.MongoDatabase mongoDatabase() {
		return this.mongo.getDatabase(this.database);
	}

	Map<String, Long> storedVersions() {
		Map<String, Long> versions = new HashMap<>();
		for (Document document : collection().find().projection(Projections.include("version"))) {
			versions.put(document.getString("_id"), document.getLong("version"));
		}
		return versions;
	}

	String topicConfig(String name) {
		ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, this.topic);
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.kafka))) {
			return admin.describeConfigs(List.of(resource)).all().get(10, TimeUnit.SECONDS).get(resource).get(name).value();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	long consumerLag() {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.kafka))) {
			Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(this.group)
				.partitionsToOffsetAndMetadata()
				.get(10, TimeUnit.SECONDS);
			Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
			admin.describeTopics(List.of(this.topic))
				.allTopicNames()
				.get(10, TimeUnit.SECONDS)
				.get(this.topic)
				.partitions()
				.forEach((p) -> latest.put(new TopicPartition(this.topic, p.partition()), OffsetSpec.latest()));
			Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
			long lag = 0;
			for (Map.Entry<TopicPartition, ListOffsetsResultInfo> end : ends.entrySet()) {
				OffsetAndMetadata done = committed.get(end.getKey());
				lag += end.getValue().offset() - ((done != null) ? done.offset() : 0);
			}
			return lag;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	static void await(Duration timeout, String what, Supplier<Boolean> condition) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.get()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("Timed out after " + timeout + " waiting for " + what);
			}
			Thread.sleep(100);
		}
	}

	@Override
	public synchronized void close() {
		for (int i = this.contexts.size() - 1; i >= 0; i--) {
			try {
				this.contexts.get(i).close();
			}
			catch (RuntimeException ex) {
				// best effort
			}
		}
		this.contexts.clear();
		this.mongo.close();
	}

	/**
	 * A running worker with a test observer that can crash it mid-batch or stall it like a long GC pause.
	 */
	static final class Worker {

		final TestObserver observer = new TestObserver();

		final RebalanceRecorder rebalances = new RebalanceRecorder();

		ConfigurableApplicationContext context;

		MessageListenerContainer container() {
			return this.context.getBean(KafkaListenerEndpointRegistry.class)
				.getListenerContainer(WriteBehindBatchListener.ID);
		}

		double counter(String name) {
			return this.context.getBean(MeterRegistry.class).get(name).counter().count();
		}

		void close() {
			this.context.close();
		}

	}

	/**
	 * Records the consumer's partition assignments, revocations and losses, and the container's pauses.
	 */
	static final class RebalanceRecorder implements ConsumerAwareRebalanceListener, ApplicationListener<KafkaEvent> {

		private final AtomicInteger assignments = new AtomicInteger();

		private final AtomicInteger revocations = new AtomicInteger();

		private final AtomicInteger losses = new AtomicInteger();

		private final AtomicInteger pauses = new AtomicInteger();

		@Override
		public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
			if (!partitions.isEmpty()) {
				this.assignments.incrementAndGet();
			}
		}

		@Override
		public void onPartitionsRevokedBeforeCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
			if (!partitions.isEmpty()) {
				this.revocations.incrementAndGet();
			}
		}

		@Override
		public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
			if (!partitions.isEmpty()) {
				this.losses.incrementAndGet();
			}
		}

		@Override
		public void onApplicationEvent(KafkaEvent event) {
			if (event instanceof ConsumerPausedEvent) {
				this.pauses.incrementAndGet();
			}
		}

		/** Assignments of a non-empty set of partitions. */
		int assignments() {
			return this.assignments.get();
		}

		/** Revocations and losses of a non-empty set of partitions: each one is a rebalance that took work away. */
		int revocationsAndLosses() {
			return this.revocations.get() + this.losses.get();
		}

		/** Times the container paused its consumer, e.g. to retry a batch. */
		int pauses() {
			return this.pauses.get();
		}

	}

	/** Thrown from a batch to kill the worker's consumer the way a crash would: nothing is committed. */
	static final class SimulatedCrash extends Error {

		SimulatedCrash() {
			super("simulated worker crash after the MongoDB write, before the offset commit");
		}

	}

	/**
	 * Records every delivered offset (a second delivery is a redelivery) and can crash or stall a batch.
	 */
	static final class TestObserver implements BatchObserver {

		static final Set<String> delivered = ConcurrentHashMap.newKeySet();

		private static final Map<String, AtomicLong> redelivered = new ConcurrentHashMap<>();

		final AtomicBoolean crashArmed = new AtomicBoolean();

		final CountDownLatch crashed = new CountDownLatch(1);

		final AtomicBoolean stallArmed = new AtomicBoolean();

		final CountDownLatch stalled = new CountDownLatch(1);

		final CountDownLatch resume = new CountDownLatch(1);

		final AtomicLong stale = new AtomicLong();

		/** The highest {@code attempt} field of a persisted payload, per key, once its batch is written. */
		final Map<String, Long> persistedAttempts = new ConcurrentHashMap<>();

		static long redelivered(String topic) {
			AtomicLong count = redelivered.get(topic);
			return (count != null) ? count.get() : 0;
		}

		@Override
		public void beforeWrite(List<ConsumerRecord<String, WriteBehindEnvelope>> records) {
			for (ConsumerRecord<String, WriteBehindEnvelope> record : records) {
				if (!delivered.add(record.topic() + "/" + record.partition() + "/" + record.offset())) {
					redelivered.computeIfAbsent(record.topic(), (topic) -> new AtomicLong()).incrementAndGet();
				}
			}
			if (this.stallArmed.compareAndSet(true, false)) {
				this.stalled.countDown();
				try {
					this.resume.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
		}

		@Override
		public void afterWrite(BatchOutcome outcome) {
			this.stale.addAndGet(outcome.result().stale());
			for (WriteBehindEnvelope winner : outcome.winners()) {
				if (winner.payload().has("attempt")) {
					this.persistedAttempts.merge(winner.id(), winner.payload().get("attempt").asLong(), Math::max);
				}
			}
			if (this.crashArmed.compareAndSet(true, false)) {
				this.crashed.countDown();
				throw new SimulatedCrash();
			}
		}

	}

}
