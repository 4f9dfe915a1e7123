package io.cachekit.web;

import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.spring.starter.RedissonAutoConfigurationCustomizer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import io.cachekit.ratelimit.RateLimitEnforcer;
import io.cachekit.test.EmbeddedRedisServer;
import io.cachekit.test.TestRedisson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * Takes a private Redis away from a running application: a fail-open rule admits and counts, a
 * fail-open rule with a local fallback still limits, a fail-closed rule answers 503, and a locked
 * endpoint fails with a clear 503 instead of running unlocked.
 */
@SpringBootTest(classes = WebTestApplication.class,
		properties = { "cachekit.rate-limit.rules[0].name=open", "cachekit.rate-limit.rules[0].path=/open/**",
				"cachekit.rate-limit.rules[0].limit=2", "cachekit.rate-limit.rules[0].window=1h",
				"cachekit.rate-limit.rules[1].name=closed", "cachekit.rate-limit.rules[1].path=/closed/**",
				"cachekit.rate-limit.rules[1].limit=2", "cachekit.rate-limit.rules[1].window=1h",
				"cachekit.rate-limit.rules[1].failure-policy=fail-closed", "cachekit.rate-limit.rules[2].name=fallback",
				"cachekit.rate-limit.rules[2].path=/fallback/**", "cachekit.rate-limit.rules[2].limit=2",
				"cachekit.rate-limit.rules[2].window=1h", "cachekit.rate-limit.rules[2].local-fallback=true" })
@AutoConfigureMockMvc
@Import(RedisOutageIntegrationTests.FastFailingRedisson.class)
@DirtiesContext
class RedisOutageIntegrationTests {

	private static final EmbeddedRedisServer redis = EmbeddedRedisServer.start(0);

	@Autowired
	MockMvc mvc;

	@Autowired
	RateLimitEnforcer enforcer;

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.host", redis::host);
		registry.add("spring.data.redis.port", redis::port);
		registry.add("cachekit.namespace", () -> "test-outage-" + UUID.randomUUID());
	}

	@BeforeEach
	void takeRedisAway() {
		redis.stop();
	}

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	@Test
	void failOpenRuleAdmitsAndCountsTheAdmissions() throws Exception {
		long before = this.enforcer.failOpenAdmissions();
		for (int i = 0; i < 5; i++) {
			assertThat(this.mvc.perform(get("/open/hello")).andReturn().getResponse().getStatus()).isEqualTo(200);
		}
		assertThat(this.enforcer.failOpenAdmissions() - before).isEqualTo(5);
	}

	@Test
	void failOpenRuleWithALocalFallbackStillLimits() throws Exception {
		assertThat(this.mvc.perform(get("/fallback/hello")).andReturn().getResponse().getStatus()).isEqualTo(200);
		assertThat(this.mvc.perform(get("/fallback/hello")).andReturn().getResponse().getStatus()).isEqualTo(200);
		MvcResult denied = this.mvc.perform(get("/fallback/hello")).andReturn();
		assertThat(denied.getResponse().getStatus()).isEqualTo(429);
		assertThat(denied.getResponse().getHeader("Retry-After")).isNotNull();
	}

	@Test
	void failClosedRuleAnswers503Problem() throws Exception {
		MvcResult result = this.mvc.perform(get("/closed/hello")).andReturn();
		assertThat(result.getResponse().getStatus()).isEqualTo(503);
		assertThat(result.getResponse().getContentType()).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		assertThat(result.getResponse().getContentAsString()).contains("Rate limit 'closed' cannot be checked")
			.contains("fails closed");
	}

	@Test
	void lockedEndpointFailsClearlyInsteadOfRunningUnlocked() throws Exception {
		MvcResult result = this.mvc.perform(get("/locked/9")).andReturn();
		assertThat(result.getResponse().getStatus()).isEqualTo(503);
		assertThat(result.getResponse().getContentType()).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		assertThat(result.getResponse().getContentAsString()).contains("\"title\":\"Lock service unavailable\"")
			.contains("Redis is unavailable")
			.contains("the protected code did not run")
			.doesNotContain("locked 9");
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class FastFailingRedisson {

		@Bean
		RedissonAutoConfigurationCustomizer fastFailingRedisson() {
			return TestRedisson::fastFailing;
		}

	}

}
