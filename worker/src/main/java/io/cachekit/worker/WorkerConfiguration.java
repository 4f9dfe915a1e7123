package io.cachekit.worker;

import java.util.concurrent.TimeUnit;

import io.cachekit.worker.store.MongoEnvelopeStore;
import io.cachekit.worker.store.MongoPingHealthIndicator;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.MongoDatabaseFactory;

/**
 * The worker's MongoDB side: the envelope store with the configured write concern, a socket read timeout
 * (a half-open connection must fail a batch, not hang it), and a {@code ping}
 * health check of the database it writes to (in place of Boot's, which a local stand-in server fails).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WorkerProperties.class)
public class WorkerConfiguration {

	@Bean
	MongoEnvelopeStore mongoEnvelopeStore(MongoDatabaseFactory databaseFactory, WorkerProperties properties) {
		return new MongoEnvelopeStore(databaseFactory.getMongoDatabase(),
				properties.getWriteConcern().toWriteConcern());
	}

	@Bean
	MongoClientSettingsBuilderCustomizer workerMongoSocketTimeout(WorkerProperties properties) {
		long millis = properties.getMongoSocketTimeout().toMillis();
		return (settings) -> settings
			.applyToSocketSettings((socket) -> socket.readTimeout((int) Math.min(millis, Integer.MAX_VALUE),
					TimeUnit.MILLISECONDS));
	}

	@Bean
	@ConditionalOnMissingBean(name = "mongoHealthIndicator")
	MongoPingHealthIndicator mongoHealthIndicator(MongoDatabaseFactory databaseFactory) {
		return new MongoPingHealthIndicator(databaseFactory.getMongoDatabase());
	}

}
