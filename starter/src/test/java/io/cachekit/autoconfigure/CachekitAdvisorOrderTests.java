package io.cachekit.autoconfigure;

import io.cachekit.lock.DistributedLock;
import io.cachekit.ratelimit.RateLimited;
import org.junit.jupiter.api.Test;

import org.springframework.aop.Advisor;
import org.springframework.aop.framework.Advised;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A method with both annotations is advised by the rate limit first (outermost), then the lock, as
 * {@link io.cachekit.CachekitAdvisorOrder} fixes.
 */
class CachekitAdvisorOrderTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CachekitLockAutoConfiguration.class,
				CachekitRateLimitAutoConfiguration.class))
		.withUserConfiguration(GuardedServiceConfiguration.class);

	@Test
	void rateLimitIsCheckedBeforeTheLockIsTaken() {
		this.contextRunner.run((context) -> {
			Advisor[] advisors = ((Advised) context.getBean(GuardedService.class)).getAdvisors();
			assertThat(advisors).containsSubsequence(context.getBean("rateLimitAdvisor", Advisor.class),
					context.getBean("distributedLockAdvisor", Advisor.class));
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class GuardedServiceConfiguration {

		@Bean
		GuardedService guardedService() {
			return new GuardedService();
		}

	}

	static class GuardedService {

		@RateLimited(key = "#id", limit = 10, window = "1m")
		@DistributedLock(key = "#id")
		public void charge(String id) {
		}

	}

}
