package io.cachekit.test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mongodb.MongoDBContainer;

/**
 * Resolves Redis, Kafka and MongoDB for tests and the local run, each once and lazily: an endpoint from
 * the environment first ({@code REDIS_URL}, {@code KAFKA_BOOTSTRAP_SERVERS}, {@code MONGODB_URI}), else a
 * Testcontainers container when a Docker engine answers, else an embedded real server on 127.0.0.1.
 * <p>
 * {@code CACHEKIT_DEV_SERVICES=embedded|containers|auto} forces a source. Environment variables may also be
 * given as system properties of the same name.
 */
public final class DevServices implements AutoCloseable {

	/** Environment variable holding a Redis URL. */
	public static final String REDIS_URL = "REDIS_URL";

	/** Environment variable holding Kafka bootstrap servers. */
	public static final String KAFKA_BOOTSTRAP_SERVERS = "KAFKA_BOOTSTRAP_SERVERS";

	/** Environment variable holding a MongoDB connection string. */
	public static final String MONGODB_URI = "MONGODB_URI";

	/** Environment variable that forces a source: {@code auto}, {@code containers} or {@code embedded}. */
	public static final String MODE = "CACHEKIT_DEV_SERVICES";

	private static final Logger logger = LoggerFactory.getLogger(DevServices.class);

	private static final Pattern BOOTSTRAP_SERVERS = Pattern.compile("[^\\s,:]+:\\d{1,5}(,[^\\s,:]+:\\d{1,5})*");

	private static final DevServices shared = createShared();

	private final Ports ports;

	private final Function<String, String> environment;

	private final List<AutoCloseable> started = new ArrayList<>();

	private RedisEndpoint redis;

	private EmbeddedRedisServer embeddedRedis;

	private String kafkaBootstrapServers;

	private String mongoUri;

	private Boolean docker;

	private EmbeddedRedisSentinel redisSentinel;

	/**
	 * Creates dev services that start embedded servers on the given ports (0 for any free port).
	 * @param ports the ports for embedded servers
	 * @param environment looks up settings by name (environment variables in production)
	 */
	public DevServices(Ports ports, Function<String, String> environment) {
		this.ports = ports;
		this.environment = environment;
	}

	/**
	 * The dev services shared by everything in this JVM, on free ports, stopped when the JVM exits.
	 * @return the shared instance
	 */
	public static DevServices shared() {
		return shared;
	}

	private static DevServices createShared() {
		DevServices devServices = new DevServices(Ports.ANY, DevServices::systemSetting);
		Runtime.getRuntime().addShutdownHook(new Thread(devServices::close, "cachekit-dev-services-shutdown"));
		return devServices;
	}

	/**
	 * Looks a setting up in the environment, then in system properties.
	 * @param name the setting
	 * @return its value or {@code null}
	 */
	public static String systemSetting(String name) {
		String value = System.getenv(name);
		return (value != null && !value.isBlank()) ? value : System.getProperty(name);
	}

	/**
	 * Redis, started on first use.
	 * @return where Redis listens
	 */
	public synchronized RedisEndpoint redis() {
		if (this.redis == null) {
			String url = this.environment.apply(REDIS_URL);
			if (url != null && !url.isBlank()) {
				this.redis = RedisEndpoint.parse(url, REDIS_URL);
			}
			else if (useContainers()) {
				GenericContainer<?> container = new GenericContainer<>("redis:7.4-alpine").withExposedPorts(6379);
				startContainer(container);
				this.redis = new RedisEndpoint(container.getHost(), container.getMappedPort(6379), null, null, 0);
			}
			else {
				this.embeddedRedis = EmbeddedRedisServer.start(this.ports.redis());
				this.started.add(this.embeddedRedis);
				this.redis = RedisEndpoint.parse(this.embeddedRedis.url(), "embedded Redis");
				logger.info("Embedded Redis listening on {}", this.embeddedRedis.url());
			}
		}
		return this.redis;
	}

	/**
	 * Kafka, started on first use.
	 * @return the bootstrap servers
	 */
	public synchronized String kafkaBootstrapServers() {
		if (this.kafkaBootstrapServers == null) {
			String servers = this.environment.apply(KAFKA_BOOTSTRAP_SERVERS);
			if (servers != null && !servers.isBlank()) {
				if (!BOOTSTRAP_SERVERS.matcher(servers.strip()).matches()) {
					throw new DevServiceException(KAFKA_BOOTSTRAP_SERVERS + " is not a valid list of servers ('"
							+ servers + "'). Expected host:port[,host:port...]");
				}
				this.kafkaBootstrapServers = servers.strip();
			}
			else if (useContainers()) {
				this.kafkaBootstrapServers = KafkaTestcontainer.start(this);
			}
			else {
				KraftBroker broker = KraftBroker.start(this.ports.kafka());
				this.started.add(broker);
				this.kafkaBootstrapServers = broker.bootstrapServers();
				logger.info("Embedded Kafka broker listening on {}", this.kafkaBootstrapServers);
			}
		}
		return this.kafkaBootstrapServers;
	}

	/**
	 * MongoDB, started on first use.
	 * @return the connection string
	 */
	public synchronized String mongoUri() {
		if (this.mongoUri == null) {
			String uri = this.environment.apply(MONGODB_URI);
			if (uri != null && !uri.isBlank()) {
				if (!uri.startsWith("mongodb://") && !uri.startsWith("mongodb+srv://")) {
					throw new DevServiceException(MONGODB_URI + " is not a valid MongoDB connection string ('" + uri
							+ "'). Expected mongodb://host:port[/database]");
				}
				this.mongoUri = uri.strip();
			}
			else if (useContainers()) {
				this.mongoUri = MongoTestcontainer.start(this);
			}
			else {
				EmbeddedMongoServer server = EmbeddedMongoServer.start(this.ports.mongo());
				this.started.add(server);
				this.mongoUri = server.uri();
				logger.info("Embedded MongoDB wire-protocol server listening on {}", this.mongoUri);
			}
		}
		return this.mongoUri;
	}

	/**
	 * A Redis master with one replica and three sentinels (quorum two), started on first use on free ports of
	 * 127.0.0.1 and stopped with the other dev services. Always embedded: the same {@code redis-server}
	 * binary runs the sentinels.
	 * @return the group
	 */
	public synchronized EmbeddedRedisSentinel redisSentinel() {
		if (this.redisSentinel == null) {
			this.redisSentinel = EmbeddedRedisSentinel.start();
			this.started.add(this.redisSentinel::close);
			logger.info("Embedded Redis Sentinel group {} on {}", EmbeddedRedisSentinel.MASTER_NAME,
					this.redisSentinel.sentinelNodes());
		}
		return this.redisSentinel;
	}

	/**
	 * The embedded Redis server, if Redis was started embedded.
	 * @return the server or {@code null}
	 */
	public synchronized EmbeddedRedisServer embeddedRedis() {
		redis();
		return this.embeddedRedis;
	}

	private boolean useContainers() {
		if (this.docker == null) {
			String mode = this.environment.apply(MODE);
			mode = (mode != null) ? mode.strip().toLowerCase(Locale.ROOT) : "auto";
			this.docker = switch (mode) {
				case "embedded" -> false;
				case "containers" -> true;
				case "auto" -> dockerAnswers();
				default -> throw new DevServiceException(
						MODE + " must be auto, containers or embedded, not '" + mode + "'");
			};
		}
		return this.docker;
	}

	private static boolean dockerAnswers() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException | LinkageError ex) {
			return false;
		}
	}

	private void startContainer(GenericContainer<?> container) {
		container.start();
		this.started.add(container::stop);
	}

	/** Stops every server these dev services started, newest first. */
	@Override
	public synchronized void close() {
		for (int i = this.started.size() - 1; i >= 0; i--) {
			try {
				this.started.get(i).close();
			}
			catch (Exception ex) {
				logger.warn("Could not stop a dev service", ex);
			}
		}
		this.started.clear();
	}

	/** In its own class, so that an application using Redis alone needs no Kafka class on its test classpath. */
	private static final class KafkaTestcontainer {

		static String start(DevServices devServices) {
			KafkaContainer container = new KafkaContainer("apache/kafka-native:4.1.1");
			devServices.startContainer(container);
			return container.getBootstrapServers();
		}

	}

	/** In its own class, like {@link KafkaTestcontainer}. */
	private static final class MongoTestcontainer {

		static String start(DevServices devServices) {
			MongoDBContainer container = new MongoDBContainer("mongo:7.0");
			devServices.startContainer(container);
			return container.getReplicaSetUrl();
		}

	}

	/**
	 * Ports for embedded servers; 0 means any free port.
	 *
	 * @param redis the Redis port
	 * @param kafka the Kafka port
	 * @param mongo the MongoDB port
	 */
	public record Ports(int redis, int kafka, int mongo) {

		/** Any free ports: what tests use so that parallel runs never collide. */
		public static final Ports ANY = new Ports(0, 0, 0);

	}

}
