package io.cachekit.test;

import com.mongodb.ConnectionString;

import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Connects the MongoDB driver to the dev-services MongoDB. Without a database in the URI, the
 * application's {@code spring.mongodb.database} (default {@code test}) applies.
 */
@Configuration(proxyBeanMethods = false)
class MongoDevServiceConfiguration {

	@Bean
	MongoConnectionDetails devServicesMongoConnectionDetails() {
		ConnectionString connectionString = new ConnectionString(DevServices.shared().mongoUri());
		return () -> connectionString;
	}

}
