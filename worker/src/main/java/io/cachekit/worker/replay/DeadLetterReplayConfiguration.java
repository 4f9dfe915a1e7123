package io.cachekit.worker.replay;

import java.time.Duration;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerConfig;

import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

import io.cachekit.worker.KafkaClientProperties;
import io.cachekit.worker.WorkerProperties;
import io.cachekit.worker.WorkerTopics;
import io.cachekit.writebehind.envelope.WriteBehindProducerConfig;

/**
 * The {@code replay-dead-letters} profile: instead of consuming, the worker copies the dead-letter topic
 * back to the write-behind topic and exits. Run it with
 * {@code java -jar cachekit-worker-exec.jar --spring.profiles.active=replay-dead-letters}.
 */
@Configuration(proxyBeanMethods = false)
@Profile(DeadLetterReplayConfiguration.PROFILE)
public class DeadLetterReplayConfiguration {

	/** The profile that turns the worker into a dead-letter replay. */
	public static final String PROFILE = "replay-dead-letters";

	private static final Log logger = LogFactory.getLog(DeadLetterReplayConfiguration.class);

	@Bean
	DeadLetterReplayer deadLetterReplayer(KafkaProperties kafkaProperties, KafkaConnectionDetails connectionDetails,
			WorkerProperties properties) {
		Map<String, Object> consumer = KafkaClientProperties.consumer(kafkaProperties, connectionDetails);
		consumer.put(ConsumerConfig.GROUP_ID_CONFIG, properties.getGroupId() + "-dlt-replay");
		Map<String, Object> producer = KafkaClientProperties.producer(kafkaProperties, connectionDetails);
		return new DeadLetterReplayer(consumer,
				WriteBehindProducerConfig.of(producer, Duration.ofSeconds(30), Duration.ofSeconds(10)));
	}

	@Bean
	ApplicationRunner deadLetterReplayRunner(DeadLetterReplayer replayer, WorkerProperties properties,
			WorkerTopics topics, ConfigurableApplicationContext context) {
		return (args) -> {
			long replayed = replayer.replay(topics.deadLetter(), topics.writeBehind());
			logger.info("Replayed " + replayed + " records from " + topics.deadLetter() + " to " + topics.writeBehind());
			if (properties.isExitAfterReplay()) {
				System.exit(SpringApplication.exit(context));
			}
		};
	}

}
