package io.cachekit.test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RBucket;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Talks to the real servers the dev services start: Redis through Redisson, Kafka through Spring's
 * template and a consumer, MongoDB through an upsert.
 */
@SpringBootTest(classes = DevServicesIntegrationTests.TestApplication.class,
		properties = { "spring.kafka.consumer.auto-offset-reset=earliest", "spring.mongodb.database=devservices" })
class DevServicesIntegrationTests {

	@Autowired
	DataRedisConnectionDetails redisConnectionDetails;

	@Autowired
	KafkaTemplate<String, String> kafkaTemplate;

	@Autowired
	ConsumerFactory<String, String> consumerFactory;

	@Autowired
	MongoTemplate mongoTemplate;

	@Test
	void writesThroughRedissonToRealRedis() {
		DataRedisConnectionDetails.Standalone standalone = this.redisConnectionDetails.getStandalone();
		assertThat(standalone.getHost()).isIn("127.0.0.1", "localhost");
		Config config = new Config();
		config.useSingleServer().setAddress("redis://" + standalone.getHost() + ":" + standalone.getPort());
		RedissonClient redisson = Redisson.create(config);
		try {
			RBucket<String> bucket = redisson.getBucket("devservices:" + UUID.randomUUID());
			bucket.set("hello", Duration.ofMinutes(1));
			assertThat(bucket.get()).isEqualTo("hello");
			assertThat(bucket.remainTimeToLive()).isPositive();
		}
		finally {
			redisson.shutdown();
		}
	}

	@Test
	void producesAndConsumesAKafkaRecord() throws Exception {
		String topic = "devservices-" + UUID.randomUUID();
		this.kafkaTemplate.send(topic, "key-1", "value-1").get();
		try (Consumer<String, String> consumer = this.consumerFactory.createConsumer("devservices-test", null)) {
			consumer.subscribe(List.of(topic));
			ConsumerRecord<String, String> received = null;
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (received == null && System.nanoTime() < deadline) {
				ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
				if (!records.isEmpty()) {
					received = records.iterator().next();
				}
			}
			assertThat(received).isNotNull();
			assertThat(received.key()).isEqualTo("key-1");
			assertThat(received.value()).isEqualTo("value-1");
		}
	}

	@Test
	void upsertsAMongoDocument() {
		String id = UUID.randomUUID().toString();
		Query byId = Query.query(Criteria.where("_id").is(id));
		this.mongoTemplate.upsert(byId, new Update().set("version", 1), "items");
		this.mongoTemplate.upsert(byId, new Update().set("version", 2), "items");
		Document document = this.mongoTemplate.findOne(byId, Document.class, "items");
		assertThat(document).isNotNull();
		assertThat(document.getInteger("version")).isEqualTo(2);
		assertThat(this.mongoTemplate.getDb().getName()).isEqualTo("devservices");
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@ImportDevServices
	static class TestApplication {

	}

}
