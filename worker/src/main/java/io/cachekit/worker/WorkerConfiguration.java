package io.cachekit.worker;

import io.cachekit.worker.store.MongoEnvelopeStore;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.MongoDatabaseFactory;

/**
 * The worker's MongoDB side: the envelope store with the configured write concern.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WorkerProperties.class)
public class WorkerConfiguration {

	@Bean
	MongoEnvelopeStore mongoEnvelopeStore(MongoDatabaseFactory databaseFactory, WorkerProperties properties) {
		return new MongoEnvelopeStore(databaseFactory.getMongoDatabase(),
				properties.getWriteConcern().toWriteConcern());
	}

}
