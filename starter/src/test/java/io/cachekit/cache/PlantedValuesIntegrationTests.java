package io.cachekit.cache;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.redisson.api.RBucket;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.spring.starter.RedissonAutoConfigurationV4;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import io.cachekit.autoconfigure.CachekitCacheAutoConfiguration;
import io.cachekit.cache.actuate.CachekitCacheMeterBinder;
import io.cachekit.cache.entry.EntryCodec;

import static org.assertj.core.api.Assertions.assertThat;

class PlantedValuesIntegrationTests {

	private final String namespace = "planted-" + UUID.randomUUID().toString().substring(0, 8);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(RedissonAutoConfigurationV4.class, CachekitCacheAutoConfiguration.class))
		.withUserConfiguration(CachekitCacheIntegrationTests.TestConfiguration.class)
		.withPropertyValues("cachekit.namespace=" + this.namespace);

	@Test
	void theCanaryCountsJavaDeserialization() throws Exception {
		int before = Canary.instances.get();
		try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(javaSerialized()))) {
			assertThat(in.readObject()).isInstanceOf(Canary.class);
		}
		assertThat(Canary.instances.get()).as("the canary would notice a deserialization").isEqualTo(before + 1);
	}

	@Test
	void plantedValuesAreMissesThatNeverInstantiateTheirClassAndWarnOnce() {
		Logger logger = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
		ListAppender<ILoggingEvent> appender = new ListAppender<>();
		appender.start();
		logger.addAppender(appender);
		try {
			this.runner.run((context) -> {
				RedissonClient redisson = context.getBean(RedissonClient.class);
				ProductService service = context.getBean(ProductService.class);
				CachekitCache products = productCache(context);
				int before = Canary.instances.get();
				plant(redisson, 1, javaSerialized());
				plant(redisson, 2, withHeader(("{\"@class\":\"" + Canary.class.getName()
						+ "\",\"id\":2,\"name\":\"evil\",\"labels\":[]}").getBytes(StandardCharsets.UTF_8)));
				plant(redisson, 3, withHeader("[\"io.cachekit.cache.Canary\",{\"name\":\"evil\"}]"
					.getBytes(StandardCharsets.UTF_8)));
				byte[] random = new byte[300];
				new Random(42).nextBytes(random);
				plant(redisson, 4, random);
				// Java-serialized bytes behind a valid entry header reach the JSON reader, which refuses them
				plant(redisson, 5, withHeader(javaSerialized()));
				for (long id = 1; id <= 5; id++) {
					assertThat(service.product(id)).isEqualTo(Product.of(id));
				}
				assertThat(service.calls()).isEqualTo(5);
				assertThat(Canary.instances.get()).isEqualTo(before);
				assertThat(service.product(1)).isEqualTo(Product.of(1));
				assertThat(service.calls()).isEqualTo(5);
				CachekitCache cache = context.getBean(CachekitCacheManager.class).getCachekitCache("product");
				assertThat(cache.getStatistics().unreadable()).isEqualTo(5);
			});
		}
		finally {
			logger.detachAppender(appender);
		}
		assertThat(appender.list).as("one WARN from cachekit for five unreadable values")
			.filteredOn((event) -> event.getLevel() == Level.WARN)
			.filteredOn((event) -> event.getLoggerName().startsWith("io.cachekit"))
			.hasSize(1)
			.allSatisfy((event) -> assertThat(event.getFormattedMessage()).contains("unreadable"));
	}

	/**
	 * A deploy changed the cached class: entries written by the old version are still in Redis under the same
	 * keys. Each is a miss, counted in {@code cachekit.cache.unreadable}, that runs the method and overwrites the
	 * entry, so the next read is a hit on the new shape. No caller sees an exception.
	 */
	@Test
	void entriesWrittenByAnOlderVersionOfTheClassAreMissesThatReloadAndOverwrite() {
		this.runner.run((context) -> {
			RedissonClient redisson = context.getBean(RedissonClient.class);
			ProductService service = context.getBean(ProductService.class);
			CachekitCache products = productCache(context);
			// renamed field: 'name' was called 'title'
			plantJson(redisson, 11, "{\"id\":11,\"title\":\"old title\",\"labels\":[\"a\"]}");
			// changed type: 'labels' was one comma-separated string
			plantJson(redisson, 12, "{\"id\":12,\"name\":\"old\",\"labels\":\"a,b\"}");
			// removed class: the method used to return a wrapper that no longer exists
			plantJson(redisson, 13, "{\"product\":{\"id\":13,\"name\":\"old\"},\"cachedAt\":1700000000000}");
			SimpleMeterRegistry meters = new SimpleMeterRegistry();
			new CachekitCacheMeterBinder(products, List.of()).bindTo(meters);

			for (long id = 11; id <= 13; id++) {
				assertThat(service.product(id)).isEqualTo(Product.of(id));
			}
			assertThat(service.calls()).as("each old entry reloaded once").isEqualTo(3);
			assertThat(meters.get("cachekit.cache.unreadable").functionCounter().count()).isEqualTo(3);

			for (long id = 11; id <= 13; id++) {
				assertThat(service.product(id)).isEqualTo(Product.of(id));
				RBucket<byte[]> entry = redisson.getBucket(products.storeKey(id), ByteArrayCodec.INSTANCE);
				String stored = new String(entry.get(), StandardCharsets.ISO_8859_1);
				assertThat(stored).as("overwritten with the new shape").contains("\"name\":\"product " + id + "\"");
			}
			assertThat(service.calls()).as("the overwritten entries are hits").isEqualTo(3);
			assertThat(meters.get("cachekit.cache.unreadable").functionCounter().count()).isEqualTo(3);
		});
	}

	/** The product cache, whose keys and current generation {@link #plant} and {@link #withHeader} use. */
	private CachekitCache productCache(ApplicationContext context) {
		CachekitCacheManager manager = context.getBean(CachekitCacheManager.class);
		CachekitCache products = manager.getCachekitCache("product");
		this.productKeys = products::storeKey;
		this.generation = () -> manager.getRuntime().metadata().generation(products.getKeySegment());
		return products;
	}

	private java.util.function.Function<Object, String> productKeys;

	private java.util.function.LongSupplier generation;

	private void plant(RedissonClient redisson, long id, byte[] bytes) {
		redisson.getBucket(this.productKeys.apply(id), ByteArrayCodec.INSTANCE).set(bytes);
	}

	private void plantJson(RedissonClient redisson, long id, String json) {
		plant(redisson, id, withHeader(json.getBytes(StandardCharsets.UTF_8)));
	}

	private byte[] withHeader(byte[] json) {
		return new EntryCodec().encode(json, this.generation.getAsLong(), System.currentTimeMillis(), 60_000,
				new String[0], new long[0], 0);
	}

	private static byte[] javaSerialized() throws Exception {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
			out.writeObject(new Canary());
		}
		Canary.instances.decrementAndGet();
		return bytes.toByteArray();
	}

}
