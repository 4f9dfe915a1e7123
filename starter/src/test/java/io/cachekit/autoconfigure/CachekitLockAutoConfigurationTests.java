package io.cachekit.autoconfigure;

import java.time.Duration;
import java.util.List;

import io.cachekit.lock.DistributedLock;
import io.cachekit.lock.LeaseMonitor;
import io.cachekit.lock.LockOptions;
import io.cachekit.lock.LockTemplate;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

import org.springframework.aop.Advisor;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conditions, back-off, properties and bad values of {@link CachekitLockAutoConfiguration}. Nothing
 * here connects to Redis: the client is only looked up when a lock is taken.
 */
class CachekitLockAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CachekitLockAutoConfiguration.class));

	@Test
	void providesLockTemplateLeaseMonitorAndAdvisor() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(LockTemplate.class);
			assertThat(context).hasSingleBean(LeaseMonitor.class);
			assertThat(context).hasBean("distributedLockAdvisor");
			assertThat(context.getBean("distributedLockAdvisor")).isInstanceOf(Advisor.class);
		});
	}

	@Test
	void defaultsWaitFiveSecondsAndRenewTheLease() {
		this.contextRunner.run((context) -> {
			LockOptions options = context.getBean(LockTemplate.class).defaultOptions();
			assertThat(options.waitTime()).isEqualTo(Duration.ofSeconds(5));
			assertThat(options.leaseTime()).isNull();
		});
	}

	@Test
	void waitAndLeaseTimesAreConfigurable() {
		this.contextRunner.withPropertyValues("cachekit.lock.wait-time=250ms", "cachekit.lock.lease-time=20s")
			.run((context) -> {
				LockOptions options = context.getBean(LockTemplate.class).defaultOptions();
				assertThat(options.waitTime()).isEqualTo(Duration.ofMillis(250));
				assertThat(options.leaseTime()).isEqualTo(Duration.ofSeconds(20));
			});
	}

	@Test
	void lockTemplateBacksOff() {
		this.contextRunner.withUserConfiguration(CustomLockTemplateConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(LockTemplate.class);
			assertThat(context.getBean(LockTemplate.class).defaultOptions().waitTime()).isEqualTo(Duration.ofDays(1));
		});
	}

	@Test
	void annotatedBeansAreProxied() {
		this.contextRunner.withUserConfiguration(LockedServiceConfiguration.class)
			.run((context) -> assertThat(AopUtils.isAopProxy(context.getBean(LockedService.class))).isTrue());
	}

	@Test
	void backsOffWhenCachekitIsDisabled() {
		this.contextRunner.withPropertyValues("cachekit.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LockTemplate.class));
	}

	@Test
	void backsOffWhenLocksAreDisabled() {
		this.contextRunner.withPropertyValues("cachekit.lock.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LockTemplate.class));
	}

	@Test
	void backsOffWithoutRedisson() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(RedissonClient.class))
			.run((context) -> assertThat(context).doesNotHaveBean(LockTemplate.class));
	}

	@Test
	void negativeWaitTimeFailsStartup() {
		this.contextRunner.withPropertyValues("cachekit.lock.wait-time=-1s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("cachekit.lock.wait-time")
				.hasMessageContaining("zero or positive"));
	}

	@Test
	void zeroLeaseTimeFailsStartup() {
		this.contextRunner.withPropertyValues("cachekit.lock.lease-time=0s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("cachekit.lock.lease-time")
				.hasMessageContaining("leave it unset for watchdog renewal"));
	}

	@Test
	void zeroLeaseCheckIntervalFailsStartup() {
		this.contextRunner.withPropertyValues("cachekit.lock.lease-check-interval=0ms")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("cachekit.lock.lease-check-interval"));
	}

	@Test
	void malformedWaitTimeFailsStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues("cachekit.lock.wait-time=soon")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("Failed to bind properties under 'cachekit.lock.wait-time'"));
	}

	@Configuration(proxyBeanMethods = false)
	static class CustomLockTemplateConfiguration {

		@Bean
		LockTemplate customLockTemplate() {
			return new LockTemplate(() -> {
				throw new IllegalStateException("not used");
			}, "custom:", LockOptions.DEFAULT.withWaitTime(Duration.ofDays(1)),
					new LeaseMonitor(Duration.ofSeconds(1), () -> Duration.ofSeconds(30), false, List.of()));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class LockedServiceConfiguration {

		@Bean
		LockedService lockedService() {
			return new LockedService();
		}

	}

	static class LockedService {

		@DistributedLock(key = "#id")
		public void work(String id) {
		}

	}

}
