package io.cachekit.demo;

import io.cachekit.test.ImportDevServices;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.context.TestConfiguration;

/**
 * Runs the demo against throwaway servers from the dev services (environment variables first, else
 * embedded Redis, Kafka and MongoDB on free ports): {@code ./mvnw -pl demo-app spring-boot:test-run}.
 */
public final class TestDemoApplication {

	private TestDemoApplication() {
	}

	public static void main(String[] args) {
		SpringApplication.from(DemoApplication::main).with(DevServicesConfiguration.class).run(args);
	}

	@TestConfiguration(proxyBeanMethods = false)
	@ImportDevServices
	static class DevServicesConfiguration {

	}

}
