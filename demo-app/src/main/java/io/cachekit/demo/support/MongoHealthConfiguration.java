package io.cachekit.demo.support;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Registers the {@code mongo} health component (Boot's own backs off on the bean name).
 */
@Configuration(proxyBeanMethods = false)
class MongoHealthConfiguration {

	@Bean
	MongoPingHealthIndicator mongoHealthIndicator(MongoTemplate mongoTemplate) {
		return new MongoPingHealthIndicator(mongoTemplate);
	}

}
