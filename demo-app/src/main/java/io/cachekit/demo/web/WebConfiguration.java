package io.cachekit.demo.web;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Registers the request size limit.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DemoWebProperties.class)
class WebConfiguration {

	@Bean
	FilterRegistrationBean<RequestSizeLimitFilter> requestSizeLimitFilter(DemoWebProperties properties,
			JsonMapper jsonMapper) {
		long maxBytes = properties.getMaxRequestSize().toBytes();
		if (maxBytes <= 0) {
			throw new InvalidConfigurationPropertyValueException("demo.web.max-request-size",
					properties.getMaxRequestSize(), "The limit must be a positive size such as 64KB");
		}
		FilterRegistrationBean<RequestSizeLimitFilter> registration = new FilterRegistrationBean<>(
				new RequestSizeLimitFilter(maxBytes, jsonMapper));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
		registration.addUrlPatterns("/api/*");
		return registration;
	}

}
