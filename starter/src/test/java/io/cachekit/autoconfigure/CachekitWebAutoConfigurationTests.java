package io.cachekit.autoconfigure;

import io.cachekit.web.CachekitExceptionHandler;
import io.cachekit.web.ClientIpResolver;
import io.cachekit.web.RateLimitFilter;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conditions, back-off, rule binding and bad rule values of {@link CachekitWebAutoConfiguration}.
 */
class CachekitWebAutoConfigurationTests {

	private static final String RULE = "cachekit.rate-limit.rules[0].";

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CachekitRateLimitAutoConfiguration.class,
				CachekitWebAutoConfiguration.class));

	@Test
	void registersTheProblemJsonExceptionHandler() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(CachekitExceptionHandler.class));
	}

	@Test
	void exceptionHandlerBacksOff() {
		this.contextRunner.withUserConfiguration(CustomHandlerConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(CachekitExceptionHandler.class);
			assertThat(context).hasBean("customHandler");
		});
	}

	@Test
	void backsOffOutsideServletWebApplications() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(CachekitRateLimitAutoConfiguration.class,
					CachekitWebAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).doesNotHaveBean(CachekitExceptionHandler.class);
				assertThat(context).doesNotHaveBean("rateLimitFilterRegistration");
			});
	}

	@Test
	void backsOffWhenCachekitIsDisabled() {
		this.contextRunner.withPropertyValues("cachekit.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(CachekitExceptionHandler.class));
	}

	@Test
	void filterIsDisabledWithoutRules() {
		this.contextRunner.run((context) -> assertThat(registration(context).isEnabled()).isFalse());
	}

	@Test
	void filterAppliesConfiguredRulesInOrder() {
		this.contextRunner
			.withPropertyValues(RULE + "path=/api/**,/v2/**", RULE + "limit=100", RULE + "window=1m",
					RULE + "algorithm=sliding-window", RULE + "methods=get,post",
					"cachekit.rate-limit.rules[1].name=login", "cachekit.rate-limit.rules[1].path=/login",
					"cachekit.rate-limit.rules[1].limit=5", "cachekit.rate-limit.rules[1].window=1h",
					"cachekit.rate-limit.rules[1].failure-policy=fail-closed", "cachekit.rate-limit.filter-order=7")
			.run((context) -> {
				FilterRegistrationBean<RateLimitFilter> registration = registration(context);
				assertThat(registration.isEnabled()).isTrue();
				assertThat(registration.getOrder()).isEqualTo(7);
				assertThat(registration.getFilter().getRules()).satisfiesExactly((api) -> {
					assertThat(api.rule().name()).isEqualTo("rule-0");
					assertThat(api.rule().limit().limit()).isEqualTo(100);
					assertThat(api.paths()).hasSize(2);
					assertThat(api.methods()).containsExactly("GET", "POST");
				}, (login) -> {
					assertThat(login.rule().name()).isEqualTo("login");
					assertThat(login.rule().failurePolicy().name()).isEqualTo("FAIL_CLOSED");
				});
			});
	}

	@Test
	void clientIpResolverBacksOff() {
		this.contextRunner.withUserConfiguration(CustomClientIpResolverConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(ClientIpResolver.class)
				.hasBean("customClientIpResolver"));
	}

	@Test
	void ruleWithoutLimitFailsStartup() {
		this.contextRunner.withPropertyValues(RULE + "path=/api/**", RULE + "window=1m")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("cachekit.rate-limit.rules[0].limit")
				.hasMessageContaining("positive limit"));
	}

	@Test
	void ruleWithNegativeLimitFailsStartup() {
		this.contextRunner.withPropertyValues(RULE + "path=/api/**", RULE + "limit=-3", RULE + "window=1m")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("cachekit.rate-limit.rules[0].limit"));
	}

	@Test
	void ruleWithoutWindowFailsStartup() {
		this.contextRunner.withPropertyValues(RULE + "path=/api/**", RULE + "limit=10")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("cachekit.rate-limit.rules[0].window"));
	}

	@Test
	void ruleWithoutPathFailsStartup() {
		this.contextRunner.withPropertyValues(RULE + "limit=10", RULE + "window=1m")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("cachekit.rate-limit.rules[0].path"));
	}

	@Test
	void ruleWithInvalidKeyExpressionFailsStartup() {
		this.contextRunner.withPropertyValues(RULE + "path=/api/**", RULE + "limit=10", RULE + "window=1m",
				RULE + "key=#request.getHeader(")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("cachekit.rate-limit.rules[0].key"));
	}

	@Test
	void ruleWithEmptyHeaderNameFailsStartup() {
		this.contextRunner.withPropertyValues(RULE + "path=/api/**", RULE + "limit=10", RULE + "window=1m",
				RULE + "key=header:")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("cachekit.rate-limit.rules[0].key")
				.hasMessageContaining("header:X-Api-Key"));
	}

	@Test
	void ruleWithUnknownMethodFailsStartup() {
		this.contextRunner.withPropertyValues(RULE + "path=/api/**", RULE + "limit=10", RULE + "window=1m",
				RULE + "methods=FETCH")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("cachekit.rate-limit.rules[0].methods"));
	}

	@Test
	void ruleWithUnknownAlgorithmFailsStartup() {
		this.contextRunner
			.withPropertyValues(RULE + "path=/api/**", RULE + "limit=10", RULE + "window=1m",
					RULE + "algorithm=leaky-bucket")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("Failed to bind properties under 'cachekit.rate-limit.rules[0].algorithm'"));
	}

	@Test
	void duplicateRuleNamesFailStartup() {
		this.contextRunner
			.withPropertyValues(RULE + "name=api", RULE + "path=/a/**", RULE + "limit=1", RULE + "window=1s",
					"cachekit.rate-limit.rules[1].name=api", "cachekit.rate-limit.rules[1].path=/b/**",
					"cachekit.rate-limit.rules[1].limit=1", "cachekit.rate-limit.rules[1].window=1s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("cachekit.rate-limit.rules[1].name")
				.hasMessageContaining("unique"));
	}

	@Test
	void malformedTrustedProxyFailsStartup() {
		this.contextRunner.withPropertyValues("cachekit.rate-limit.trusted-proxies=10.0.0.0/8,proxy.internal")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("cachekit.rate-limit.trusted-proxies[1]")
				.hasMessageContaining("proxy.internal"));
	}

	@SuppressWarnings("unchecked")
	private static FilterRegistrationBean<RateLimitFilter> registration(
			org.springframework.context.ApplicationContext context) {
		return context.getBean("rateLimitFilterRegistration", FilterRegistrationBean.class);
	}

	@Configuration(proxyBeanMethods = false)
	static class CustomHandlerConfiguration {

		@Bean
		CachekitExceptionHandler customHandler() {
			return new CachekitExceptionHandler();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomClientIpResolverConfiguration {

		@Bean
		ClientIpResolver customClientIpResolver() {
			return new ClientIpResolver(java.util.List.of());
		}

	}

}
