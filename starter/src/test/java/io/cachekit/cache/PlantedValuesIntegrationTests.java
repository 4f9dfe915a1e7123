package io.cachekit.cache;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.UUID;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.spring.starter.RedissonAutoConfigurationV4;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.cachekit.autoconfigure.CachekitCacheAutoConfiguration;
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
				CachekitCache products = context.getBean(CachekitCacheManager.class).getCachekitCache("product");
				this.productKeys = products::storeKey;
				this.generation = () -> context.getBean(CachekitCacheManager.class)
					.getRuntime()
					.metadata()
					.generation(products.getKeySegment());
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

	private java.util.function.Function<Object, String> productKeys;

	private java.util.function.LongSupplier generation;

	private void plant(RedissonClient redisson, long id, byte[] bytes) {
		redisson.getBucket(this.productKeys.apply(id), ByteArrayCodec.INSTANCE).set(bytes);
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
