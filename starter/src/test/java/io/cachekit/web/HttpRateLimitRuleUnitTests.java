package io.cachekit.web;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import io.cachekit.ratelimit.RateLimit;
import io.cachekit.ratelimit.RateLimitAlgorithm;
import io.cachekit.ratelimit.RateLimitFailurePolicy;
import io.cachekit.ratelimit.RateLimitRule;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.util.pattern.PathPatternParser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which requests an {@link HttpRateLimitRule} covers.
 */
class HttpRateLimitRuleUnitTests {

	private final HttpRateLimitRule rule = new HttpRateLimitRule(
			new RateLimitRule("api", new RateLimit(1, Duration.ofMinutes(1), RateLimitAlgorithm.TOKEN_BUCKET),
					RateLimitFailurePolicy.FAIL_OPEN, false),
			List.of(PathPatternParser.defaultInstance.parse("/api/**")), Set.of("POST"), (request) -> "all");

	@Test
	void coversMatchingPathAndMethod() {
		assertThat(this.rule.matches(request("POST", "", "/api/orders/7"))).isTrue();
	}

	@Test
	void ignoresOtherMethods() {
		assertThat(this.rule.matches(request("GET", "", "/api/orders/7"))).isFalse();
	}

	@Test
	void ignoresOtherPaths() {
		assertThat(this.rule.matches(request("POST", "", "/apis/orders"))).isFalse();
	}

	@Test
	void matchesWithinTheContextPath() {
		assertThat(this.rule.matches(request("POST", "/shop", "/shop/api/orders"))).isTrue();
	}

	private static MockHttpServletRequest request(String method, String contextPath, String uri) {
		MockHttpServletRequest request = new MockHttpServletRequest(method, uri);
		request.setContextPath(contextPath);
		return request;
	}

}
