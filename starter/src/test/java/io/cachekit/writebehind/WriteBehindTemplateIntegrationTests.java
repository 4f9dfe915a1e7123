package io.cachekit.writebehind;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.redisson.spring.starter.RedissonAutoConfigurationV4;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.cachekit.autoconfigure.CachekitWriteBehindAutoConfiguration;
import io.cachekit.test.DevService;
import io.cachekit.test.DevServices;
import io.cachekit.test.FreePorts;
import io.cachekit.test.ImportDevServices;
import io.cachekit.writebehind.envelope.WriteBehindEnvelope;
import io.cachekit.writebehind.envelope.WriteBehindEnvelopeCodec;
import io.cachekit.writebehind.envelope.WriteBehindHeaders;
import io.cachekit.writebehind.envelope.WriteBehindVersions;
import io.cachekit.writebehind.pending.WriteBehindCache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link WriteBehindTemplate} and {@link WriteBehind @WriteBehind} against a real Kafka broker and Redis.
 */
class WriteBehindTemplateIntegrationTests {

	private final String topic = "wb-template-" + UUID.randomUUID();

	private final String namespace = "wb-template-" + UUID.randomUUID();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, KafkaAutoConfiguration.class,
				RedissonAutoConfigurationV4.class, CachekitWriteBehindAutoConfiguration.class))
		.withUserConfiguration(RedisConfiguration.class)
		.withPropertyValues("spring.application.name=shop",
				"spring.kafka.bootstrap-servers=" + DevServices.shared().kafkaBootstrapServers(),
				"cachekit.write-behind.topic=" + this.topic, "cachekit.namespace=" + this.namespace);

	@Test
	void saveReturnsIncreasingVersionsPerKey() {
		this.contextRunner.run((context) -> {
			WriteBehindTemplate template = context.getBean(WriteBehindTemplate.class);
			long first = template.save("user", "1", new User("1", "Ada"));
			long second = template.save("user", "1", new User("1", "Ada L."));
			template.save("user", "2", new User("2", "Alan"));
			long third = template.save("user", "1", new User("1", "Ada Lovelace"));
			assertThat(first).isPositive().isLessThan(second);
			assertThat(second).isLessThan(third);
		});
	}

	@Test
	void savePublishesAVersionedEnvelopeKeyedByEntityId() {
		this.contextRunner.run((context) -> {
			long version = context.getBean(WriteBehindTemplate.class).save("user", "42", new User("42", "Grace"));
			ConsumerRecord<String, byte[]> record = readOne();
			assertThat(record.key()).isEqualTo("42");
			assertThat(header(record, WriteBehindHeaders.TYPE)).isEqualTo("user");
			assertThat(header(record, WriteBehindHeaders.EPOCH)).isEqualTo("0");
			assertThat(record.headers().lastHeader(WriteBehindHeaders.VERSION)).isNull();
			assertThat(WriteBehindVersions.ofRecord(record.headers(), record.offset()))
				.as("the version is the record's offset, plus one").isEqualTo(version).isEqualTo(record.offset() + 1);
			WriteBehindEnvelope envelope = new WriteBehindEnvelopeCodec(new JsonMapper()).decode(record.value());
			assertThat(envelope.type()).isEqualTo("user");
			assertThat(envelope.id()).isEqualTo("42");
			assertThat(envelope.version()).as("not in the record value").isZero();
			assertThat(envelope.schemaVersion()).isEqualTo(WriteBehindEnvelope.CURRENT_SCHEMA_VERSION);
			assertThat(envelope.origin()).isEqualTo("shop");
			assertThat(envelope.timestamp()).isPositive();
			assertThat(envelope.payload().get("name").asString()).isEqualTo("Grace");
		});
	}

	@Test
	void saveLeavesAPinnedCacheEntryCarryingTheVersion() {
		this.contextRunner.run((context) -> {
			long version = context.getBean(WriteBehindTemplate.class).save("user", "7", new User("7", "Barbara"));
			WriteBehindCache.Entry entry = context.getBean(WriteBehindCache.class).get("user", "7");
			assertThat(entry.version()).isEqualTo(version);
			assertThat(entry.pinned()).isTrue();
			assertThat(entry.json()).contains("\"name\":\"Barbara\"");
		});
	}

	@Test
	void unreachableBrokerFailsFastWith503AndLeavesTheCachedEntryUnchanged() {
		WriteBehindCache.Entry[] saved = new WriteBehindCache.Entry[1];
		this.contextRunner.run((context) -> {
			long version = context.getBean(WriteBehindTemplate.class).save("user", "9", new User("9", "Edsger"));
			saved[0] = context.getBean(WriteBehindCache.class).get("user", "9");
			assertThat(saved[0].version()).isEqualTo(version);
			assertThat(saved[0].json()).contains("\"name\":\"Edsger\"");
		});
		this.contextRunner
			.withPropertyValues("spring.kafka.bootstrap-servers=127.0.0.1:" + FreePorts.find(),
					"cachekit.write-behind.producer.max-block=300ms", "cachekit.write-behind.producer.ack-timeout=1s")
			.run((context) -> {
				WriteBehindTemplate template = context.getBean(WriteBehindTemplate.class);
				assertThatExceptionOfType(WriteBehindUnavailableException.class)
					.isThrownBy(() -> template.save("user", "9", new User("9", "Edsger W. Dijkstra")))
					.withMessageContaining("user '9' was not acknowledged by Kafka")
					.satisfies((ex) -> assertThat(ex.httpStatus()).isEqualTo(503));
				WriteBehindCache.Entry after = context.getBean(WriteBehindCache.class).get("user", "9");
				assertThat(after.version()).isEqualTo(saved[0].version());
				assertThat(after.json()).isEqualTo(saved[0].json());
				assertThat(after).isEqualTo(saved[0]);
			});
	}

	@Test
	void valueThatIsNotAnObjectIsRejected() {
		this.contextRunner.run((context) -> assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> context.getBean(WriteBehindTemplate.class).save("user", "3", "just text"))
			.withMessageContaining("must serialize to a JSON object"));
	}

	@Test
	void annotatedMethodSavesWhatItReturns() {
		this.contextRunner.withUserConfiguration(UserServiceConfiguration.class).run((context) -> {
			UserService service = context.getBean(UserService.class);
			User saved = service.save(new User("5", "ada"));
			assertThat(saved.name()).isEqualTo("ADA");
			WriteBehindCache.Entry entry = context.getBean(WriteBehindCache.class).get("user", "5");
			assertThat(entry.version()).isEqualTo(1);
			assertThat(entry.json()).contains("\"name\":\"ADA\"");
			assertThat(readOne().key()).isEqualTo("5");
		});
	}

	private ConsumerRecord<String, byte[]> readOne() {
		Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
				DevServices.shared().kafkaBootstrapServers(), ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID(),
				ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
				new ByteArrayDeserializer())) {
			consumer.subscribe(List.of(this.topic));
			List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
			long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
			while (records.isEmpty() && System.nanoTime() < deadline) {
				consumer.poll(Duration.ofMillis(200)).forEach(records::add);
			}
			assertThat(records).hasSize(1);
			return records.get(0);
		}
	}

	private static String header(ConsumerRecord<?, ?> record, String name) {
		return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
	}

	record User(String id, String name) {

	}

	static class UserService {

		@WriteBehind(cache = "user", key = "#user.id")
		User save(User user) {
			return new User(user.id(), user.name().toUpperCase());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ImportDevServices(DevService.REDIS)
	static class RedisConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	static class UserServiceConfiguration {

		@Bean
		UserService userService() {
			return new UserService();
		}

	}

}
