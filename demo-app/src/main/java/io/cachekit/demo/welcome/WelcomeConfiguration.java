package io.cachekit.demo.welcome;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The worker metrics client behind the welcome page.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WorkerProperties.class)
class WelcomeConfiguration {

	@Bean
	WorkerMetricsClient workerMetricsClient(WorkerProperties properties) {
		return new WorkerMetricsClient(properties);
	}

}
