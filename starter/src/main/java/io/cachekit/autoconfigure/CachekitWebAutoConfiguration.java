package io.cachekit.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import jakarta.servlet.DispatcherType;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.ProblemDetail;
import org.springframework.web.servlet.DispatcherServlet;

import io.cachekit.ratelimit.RateLimitEnforcer;
import io.cachekit.web.CachekitExceptionHandler;
import io.cachekit.web.ClientIpResolver;
import io.cachekit.web.HttpRateLimitRule;
import io.cachekit.web.RateLimitFilter;
import io.cachekit.web.RedisDeadlineFilter;

/**
 * Auto-configuration of cachekit's servlet web support: every
 * {@link io.cachekit.CachekitException} rendered as {@code application/problem+json}, the filter that gives
 * each request its budget of Redis waiting ({@code cachekit.resilience.request-deadline}), and the HTTP
 * rate-limit filter built from {@code cachekit.rate-limit.rules}. Active in servlet web
 * applications.
 */
@AutoConfiguration(after = CachekitRateLimitAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ ProblemDetail.class, DispatcherServlet.class })
@ConditionalOnBooleanProperty(name = "cachekit.enabled", matchIfMissing = true)
public final class CachekitWebAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	CachekitExceptionHandler cachekitExceptionHandler() {
		return new CachekitExceptionHandler();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(CachekitResilienceProperties.class)
	static class RedisDeadlineFilterConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "redisDeadlineFilterRegistration")
		FilterRegistrationBean<RedisDeadlineFilter> redisDeadlineFilterRegistration(
				CachekitResilienceProperties properties) {
			Duration budget = properties.getRequestDeadline();
			FilterRegistrationBean<RedisDeadlineFilter> registration = new FilterRegistrationBean<>(
					new RedisDeadlineFilter((budget != null) ? budget : Duration.ZERO));
			registration.setName("cachekitRedisDeadlineFilter");
			registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
			// error pages and async completions may touch Redis too (a session, a cached read)
			registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
			registration.setEnabled(budget != null && !budget.isNegative() && !budget.isZero());
			return registration;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(RateLimitEnforcer.class)
	@EnableConfigurationProperties(CachekitRateLimitProperties.class)
	static class RateLimitFilterConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ClientIpResolver clientIpResolver(CachekitRateLimitProperties properties) {
			return new ClientIpResolver(HttpRateLimitRules.trustedProxies(properties));
		}

		@Bean
		@ConditionalOnMissingBean(name = "rateLimitFilterRegistration")
		FilterRegistrationBean<RateLimitFilter> rateLimitFilterRegistration(CachekitRateLimitProperties properties,
				ClientIpResolver clientIpResolver, RateLimitEnforcer rateLimitEnforcer) {
			List<HttpRateLimitRule> rules = HttpRateLimitRules.rules(properties, clientIpResolver);
			FilterRegistrationBean<RateLimitFilter> registration = new FilterRegistrationBean<>(
					new RateLimitFilter(rules, rateLimitEnforcer, Clock.systemUTC()));
			registration.setName("cachekitRateLimitFilter");
			registration.setOrder(properties.getFilterOrder());
			registration.setEnabled(!rules.isEmpty());
			return registration;
		}

	}

}
