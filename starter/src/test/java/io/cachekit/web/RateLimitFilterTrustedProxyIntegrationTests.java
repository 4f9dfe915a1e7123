package io.cachekit.web;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.redisson.api.RedissonClient;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import io.cachekit.test.DevService;
import io.cachekit.test.ImportDevServices;

import static io.cachekit.web.RateLimitFilterIntegrationTests.from;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * The HTTP rate-limit filter behind a trusted proxy (10.0.0.0/8): the real client (right-most
 * untrusted hop) is limited, whatever the client put on the left of the header; peers that are
 * not trusted proxies are limited by their socket address.
 */
@SpringBootTest(classes = WebTestApplication.class,
		properties = { "cachekit.rate-limit.trusted-proxies=10.0.0.0/8", "cachekit.rate-limit.rules[0].path=/api/**",
				"cachekit.rate-limit.rules[0].limit=3", "cachekit.rate-limit.rules[0].window=1h" })
@AutoConfigureMockMvc
@ImportDevServices(DevService.REDIS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RateLimitFilterTrustedProxyIntegrationTests {

	private static final String NAMESPACE = "test-proxy-" + UUID.randomUUID();

	private static final String PREFIX = NAMESPACE + ":~rate:";

	@Autowired
	MockMvc mvc;

	@Autowired
	RedissonClient redisson;

	@DynamicPropertySource
	static void keyPrefix(DynamicPropertyRegistry registry) {
		registry.add("cachekit.namespace", () -> NAMESPACE);
	}

	@AfterAll
	void deleteKeys() {
		this.redisson.getKeys().deleteByPattern(PREFIX + "*");
	}

	@Test
	void realClientBehindATrustedProxyIsLimited() throws Exception {
		int admitted = 0;
		for (int i = 0; i < 10; i++) {
			// the client made up the left-most entry; the proxy appended the address it saw
			String header = randomIp() + ", 203.0.113.9";
			if (status(from("10.0.0.5", get("/api/hello").header("X-Forwarded-For", header))) == 200) {
				admitted++;
			}
		}
		assertThat(admitted).isEqualTo(3);
		assertThat(this.redisson.getKeys().countExists(PREFIX + "{rule-0:ip:203.0.113.9}:tb")).isOne();
		assertThat(this.redisson.getKeys().countExists(PREFIX + "{rule-0:ip:10.0.0.5}:tb")).isZero();
	}

	@Test
	void clientsBehindTheSameProxyHaveTheirOwnBuckets() throws Exception {
		for (int i = 0; i < 3; i++) {
			assertThat(status(from("10.0.0.5", get("/api/hello").header("X-Forwarded-For", "203.0.113.20"))))
				.isEqualTo(200);
		}
		assertThat(status(from("10.0.0.5", get("/api/hello").header("X-Forwarded-For", "203.0.113.20"))))
			.isEqualTo(429);
		assertThat(status(from("10.0.0.5", get("/api/hello").header("X-Forwarded-For", "203.0.113.21"))))
			.isEqualTo(200);
	}

	@Test
	void chainOfTrustedProxiesIsSkippedFromTheRight() throws Exception {
		for (int i = 0; i < 3; i++) {
			assertThat(status(from("10.0.0.5",
					get("/api/hello").header("X-Forwarded-For", "6.6.6.6, 203.0.113.30, 10.1.2.3"))))
				.isEqualTo(200);
		}
		assertThat(status(
				from("10.0.0.5", get("/api/hello").header("X-Forwarded-For", "7.7.7.7, 203.0.113.30, 10.1.2.3"))))
			.isEqualTo(429);
	}

	@Test
	void forwardedHeaderIsReadToo() throws Exception {
		for (int i = 0; i < 3; i++) {
			assertThat(status(from("10.0.0.5",
					get("/api/hello").header("Forwarded", "for=9.9.9.9, for=\"203.0.113.40:4711\";proto=https"))))
				.isEqualTo(200);
		}
		assertThat(status(from("10.0.0.5", get("/api/hello").header("Forwarded", "for=203.0.113.40"))))
			.isEqualTo(429);
	}

	@Test
	void untrustedPeerIsLimitedByItsSocketAddress() throws Exception {
		int admitted = 0;
		for (int i = 0; i < 10; i++) {
			if (status(from("198.51.100.50", get("/api/hello").header("X-Forwarded-For", randomIp()))) == 200) {
				admitted++;
			}
		}
		assertThat(admitted).isEqualTo(3);
	}

	private int status(MockHttpServletRequestBuilder request) throws Exception {
		return this.mvc.perform(request).andReturn().getResponse().getStatus();
	}

	private static String randomIp() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return random.nextInt(1, 224) + "." + random.nextInt(256) + "." + random.nextInt(256) + "."
				+ random.nextInt(1, 255);
	}

}
