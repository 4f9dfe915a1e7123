package io.cachekit.web;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.KeysScanOptions;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import io.cachekit.test.DevService;
import io.cachekit.test.ImportDevServices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * The HTTP rate-limit filter and problem+json rendering against a real Redis, with no trusted
 * proxy configured: headers on every limited response, 429 problem+json, keys by IP, header and
 * SpEL, and forwarding headers that cannot create buckets.
 */
@SpringBootTest(classes = WebTestApplication.class,
		properties = { "cachekit.rate-limit.rules[0].name=api", "cachekit.rate-limit.rules[0].path=/api/**",
				"cachekit.rate-limit.rules[0].limit=5", "cachekit.rate-limit.rules[0].window=1m",
				"cachekit.rate-limit.rules[0].algorithm=sliding-window", "cachekit.rate-limit.rules[1].name=baseline",
				"cachekit.rate-limit.rules[1].path=/baseline/**", "cachekit.rate-limit.rules[1].limit=20",
				"cachekit.rate-limit.rules[1].window=1h", "cachekit.rate-limit.rules[2].name=spoof",
				"cachekit.rate-limit.rules[2].path=/spoof/**", "cachekit.rate-limit.rules[2].limit=20",
				"cachekit.rate-limit.rules[2].window=1h", "cachekit.rate-limit.rules[3].name=keyed",
				"cachekit.rate-limit.rules[3].path=/keyed/**", "cachekit.rate-limit.rules[3].limit=2",
				"cachekit.rate-limit.rules[3].window=1h", "cachekit.rate-limit.rules[3].key=header:X-Api-Key",
				"cachekit.rate-limit.rules[4].name=tenant", "cachekit.rate-limit.rules[4].path=/tenant/**",
				"cachekit.rate-limit.rules[4].limit=1", "cachekit.rate-limit.rules[4].window=1h",
				"cachekit.rate-limit.rules[4].key=#request.getHeader('X-Tenant')",
				"cachekit.rate-limit.rules[5].name=user", "cachekit.rate-limit.rules[5].path=/user/**",
				"cachekit.rate-limit.rules[5].limit=1", "cachekit.rate-limit.rules[5].window=1h",
				"cachekit.rate-limit.rules[5].key=user" })
@AutoConfigureMockMvc
@ImportDevServices(DevService.REDIS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RateLimitFilterIntegrationTests {

	private static final String NAMESPACE = "test-web-" + UUID.randomUUID();

	private static final String PREFIX = NAMESPACE + ":~rate:";

	@Autowired
	MockMvc mvc;

	@Autowired
	RedissonClient redisson;

	@DynamicPropertySource
	static void keyPrefixes(DynamicPropertyRegistry registry) {
		registry.add("cachekit.namespace", () -> NAMESPACE);
	}

	@AfterAll
	void deleteKeys() {
		this.redisson.getKeys().deleteByPattern(NAMESPACE + ":*");
	}

	@Test
	void everyLimitedResponseCarriesTheRateLimitHeaders() throws Exception {
		MvcResult result = this.mvc.perform(from("198.51.100.1", get("/api/hello"))).andReturn();
		assertThat(result.getResponse().getStatus()).isEqualTo(200);
		assertThat(result.getResponse().getHeader("RateLimit-Limit")).isEqualTo("5");
		assertThat(result.getResponse().getHeader("RateLimit-Remaining")).isEqualTo("4");
		assertThat(Long.parseLong(result.getResponse().getHeader("RateLimit-Reset"))).isBetween(1L, 60L);
		assertThat(result.getResponse().getHeader("X-RateLimit-Limit")).isEqualTo("5");
		assertThat(result.getResponse().getHeader("X-RateLimit-Remaining")).isEqualTo("4");
		long epochReset = Long.parseLong(result.getResponse().getHeader("X-RateLimit-Reset"));
		assertThat(epochReset).isBetween(System.currentTimeMillis() / 1000, System.currentTimeMillis() / 1000 + 61);
	}

	@Test
	void requestOverTheLimitGetsA429Problem() throws Exception {
		for (int i = 0; i < 5; i++) {
			assertThat(this.mvc.perform(from("198.51.100.2", get("/api/hello"))).andReturn().getResponse().getStatus())
				.isEqualTo(200);
		}
		MvcResult denied = this.mvc.perform(from("198.51.100.2", get("/api/hello"))).andReturn();
		assertThat(denied.getResponse().getStatus()).isEqualTo(429);
		assertThat(denied.getResponse().getContentType()).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		assertThat(Long.parseLong(denied.getResponse().getHeader("Retry-After"))).isBetween(1L, 60L);
		assertThat(denied.getResponse().getHeader("RateLimit-Remaining")).isEqualTo("0");
		assertThat(denied.getResponse().getHeader("X-RateLimit-Limit")).isEqualTo("5");
		assertThat(denied.getResponse().getContentAsString()).contains("\"status\":429")
			.contains("\"title\":\"Too many requests\"")
			.contains("Rate limit 'api' of 5 requests per 60000 ms exceeded")
			.contains("\"instance\":\"/api/hello\"");
		// another client is not affected
		assertThat(this.mvc.perform(from("198.51.100.3", get("/api/hello"))).andReturn().getResponse().getStatus())
			.isEqualTo(200);
	}

	@Test
	void uncoveredPathsCarryNoRateLimitHeaders() throws Exception {
		MvcResult result = this.mvc.perform(get("/other/hello")).andReturn();
		assertThat(result.getResponse().getStatus()).isEqualTo(200);
		assertThat(result.getResponse().getHeader("RateLimit-Limit")).isNull();
	}

	@Test
	void forwardedForHeadersNeitherEvadeTheLimitNorCreateBuckets() throws Exception {
		int baseline = 0;
		for (int i = 0; i < 1000; i++) {
			if (this.mvc.perform(get("/baseline/hello")).andReturn().getResponse().getStatus() == 200) {
				baseline++;
			}
		}
		int spoofed = 0;
		for (int i = 0; i < 1000; i++) {
			String fake = randomIp();
			MockHttpServletRequestBuilder request = get("/spoof/hello").header("X-Forwarded-For", fake)
				.header("Forwarded", "for=" + fake);
			if (this.mvc.perform(request).andReturn().getResponse().getStatus() == 200) {
				spoofed++;
			}
		}
		assertThat(baseline).isEqualTo(20);
		assertThat(spoofed).isEqualTo(baseline);
		assertThat(keys(PREFIX + "{spoof:*")).containsExactly(PREFIX + "{spoof:ip:127.0.0.1}:tb");
	}

	@Test
	void headerKeyedRuleCountsPerHeaderValueAndStoresItHashed() throws Exception {
		assertThat(status(get("/keyed/hello").header("X-Api-Key", "secret-one"))).isEqualTo(200);
		assertThat(status(get("/keyed/hello").header("X-Api-Key", "secret-one"))).isEqualTo(200);
		assertThat(status(get("/keyed/hello").header("X-Api-Key", "secret-one"))).isEqualTo(429);
		assertThat(status(get("/keyed/hello").header("X-Api-Key", "secret-two"))).isEqualTo(200);
		assertThat(keys(PREFIX + "{keyed:*")).hasSize(2).noneMatch((key) -> key.contains("secret"));
	}

	@Test
	void spelKeyedRuleCountsPerExpressionValue() throws Exception {
		assertThat(status(get("/tenant/hello").header("X-Tenant", "acme"))).isEqualTo(200);
		assertThat(status(get("/tenant/hello").header("X-Tenant", "acme"))).isEqualTo(429);
		assertThat(status(get("/tenant/hello").header("X-Tenant", "globex"))).isEqualTo(200);
	}

	@Test
	void userKeyedRuleCountsPerPrincipalAndFallsBackToTheIp() throws Exception {
		assertThat(status(get("/user/hello").principal(() -> "alice"))).isEqualTo(200);
		assertThat(status(get("/user/hello").principal(() -> "alice"))).isEqualTo(429);
		assertThat(status(get("/user/hello").principal(() -> "bob"))).isEqualTo(200);
		assertThat(status(from("198.51.100.9", get("/user/hello")))).isEqualTo(200);
		assertThat(keys(PREFIX + "{user:*")).containsExactlyInAnyOrder(PREFIX + "{user:user:alice}:tb",
				PREFIX + "{user:user:bob}:tb", PREFIX + "{user:ip:198.51.100.9}:tb");
	}

	@Test
	void rateLimitedMethodOverItsLimitAnswers429Problem() throws Exception {
		assertThat(status(get("/quota/7"))).isEqualTo(200);
		MvcResult denied = this.mvc.perform(get("/quota/7")).andReturn();
		assertThat(denied.getResponse().getStatus()).isEqualTo(429);
		assertThat(denied.getResponse().getContentType()).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		assertThat(denied.getResponse().getHeader("Retry-After")).isNotNull();
		assertThat(denied.getResponse().getHeader("RateLimit-Limit")).isEqualTo("1");
		assertThat(denied.getResponse().getContentAsString()).contains("Rate limit 'quota' of 1 requests");
		assertThat(status(get("/quota/8"))).isEqualTo(200);
	}

	@Test
	void anyCachekitExceptionIsRenderedAsProblemJsonWithItsHeaders() throws Exception {
		MvcResult result = this.mvc.perform(get("/unavailable")).andReturn();
		assertThat(result.getResponse().getStatus()).isEqualTo(503);
		assertThat(result.getResponse().getContentType()).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		assertThat(result.getResponse().getHeader("Retry-After")).isEqualTo("7");
		assertThat(result.getResponse().getContentAsString()).contains("\"title\":\"Writes unavailable\"")
			.contains("\"detail\":\"The write queue is unavailable; nothing was written\"")
			.contains("\"status\":503");
	}

	@Test
	void lockedMethodRunsThroughTheWebLayer() throws Exception {
		MvcResult result = this.mvc.perform(get("/locked/1")).andReturn();
		assertThat(result.getResponse().getStatus()).isEqualTo(200);
		assertThat(result.getResponse().getContentAsString()).isEqualTo("locked 1");
	}

	private int status(MockHttpServletRequestBuilder request) throws Exception {
		return this.mvc.perform(request).andReturn().getResponse().getStatus();
	}

	private Set<String> keys(String pattern) {
		return StreamSupport
			.stream(this.redisson.getKeys().getKeys(KeysScanOptions.defaults().pattern(pattern)).spliterator(), false)
			.collect(Collectors.toSet());
	}

	static MockHttpServletRequestBuilder from(String address, MockHttpServletRequestBuilder request) {
		return request.with((servletRequest) -> {
			servletRequest.setRemoteAddr(address);
			return servletRequest;
		});
	}

	private static String randomIp() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return random.nextInt(1, 224) + "." + random.nextInt(256) + "." + random.nextInt(256) + "."
				+ random.nextInt(1, 255);
	}

}
