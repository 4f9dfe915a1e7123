package com.example.shop;

import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.cachekit.test.DevService;
import io.cachekit.test.DevServices;
import io.cachekit.test.ImportDevServices;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application as a user builds it: the starter from a Maven repository, Redis from cachekit's dev services.
 */
@SpringBootTest
@ImportDevServices(DevService.REDIS)
class ShopApplicationTests {

	private static final String VARIANT = System.getProperty("consumer.variant");

	@Autowired
	private ProductService products;

	@Autowired
	private RedissonClient redisson;

	@Autowired
	private ApplicationContext context;

	@Test
	void cacheableHitIsServedFromRedisWithTheTtlOfCacheTtl() {
		Product product = this.products.find(42);
		assertThat(this.products.find(42)).isEqualTo(product);
		assertThat(this.products.loads()).isEqualTo(1);

		long ttl = this.redisson.getKeys().remainTimeToLive("shop:product:42");
		// @CacheTtl("30s") with the default jitter of plus or minus 10 %, not the 10m default of application.yaml
		assertThat(ttl).isBetween(25_000L, 33_000L);

		// A second instance of the application shares nothing with this one but Redis: its read is a hit.
		try (ConfigurableApplicationContext other = new SpringApplicationBuilder(ShopApplication.class)
			.web(WebApplicationType.NONE)
			.run("--spring.data.redis.url=" + DevServices.shared().redis().url())) {
			ProductService otherProducts = other.getBean(ProductService.class);
			assertThat(otherProducts.find(42)).isEqualTo(product);
			assertThat(otherProducts.loads()).isZero();
		}
	}

	@Test
	void starterJarCarriesTheConfigurationMetadataOfCachekitProperties() throws Exception {
		List<String> names = new ArrayList<>();
		for (URL url : Collections.list(getClass().getClassLoader()
			.getResources("META-INF/spring-configuration-metadata.json"))) {
			try (InputStream in = url.openStream()) {
				String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
				if (json.contains("\"cachekit.cache.default-ttl\"")) {
					names.add(url.toString());
				}
			}
		}
		assertThat(names).singleElement().asString().contains("cachekit-spring-boot-starter");
	}

	@Test
	void classpathIsTheVariantBuilt() {
		boolean kafka = ClassUtils.isPresent("org.apache.kafka.clients.producer.Producer", null);
		boolean actuator = ClassUtils.isPresent("org.springframework.boot.actuate.endpoint.annotation.Endpoint", null);
		if ("starter-alone".equals(VARIANT)) {
			assertThat(kafka).as("Kafka on the classpath").isFalse();
			assertThat(actuator).as("actuator on the classpath").isFalse();
		}
		else {
			assertThat(VARIANT).isEqualTo("with-actuator-and-kafka");
			assertThat(kafka).isTrue();
			assertThat(actuator).isTrue();
			assertThat(this.context.getBeanNamesForType(
					ClassUtils.resolveClassName("io.cachekit.cache.actuate.CachekitCacheHealthIndicator", null)))
				.hasSize(1);
		}
	}

}
