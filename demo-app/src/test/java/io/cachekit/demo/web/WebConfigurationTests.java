package io.cachekit.demo.web;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;

import static org.assertj.core.api.Assertions.assertThat;

class WebConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class))
		.withUserConfiguration(WebConfiguration.class);

	@Test
	void sizeLimitFilterCoversTheApi() {
		this.contextRunner.run((context) -> assertThat(context.getBean(FilterRegistrationBean.class).getUrlPatterns())
			.containsExactly("/api/*"));
	}

	@Test
	void zeroSizeLimitFailsStartup() {
		this.contextRunner.withPropertyValues("demo.web.max-request-size=0")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("demo.web.max-request-size")
				.hasMessageContaining("positive size"));
	}

	@Test
	void malformedSizeLimitFailsStartup() {
		this.contextRunner.withPropertyValues("demo.web.max-request-size=lots")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("Failed to bind properties under 'demo.web.max-request-size'"));
	}

}
