package io.cachekit.autoconfigure;

import java.time.Duration;

import io.cachekit.CachekitAdvisorOrder;
import io.cachekit.lock.DistributedLock;
import io.cachekit.lock.DistributedLockInterceptor;
import io.cachekit.lock.LeaseLostListener;
import io.cachekit.lock.LeaseMonitor;
import io.cachekit.lock.LockFailurePolicy;
import io.cachekit.lock.LockOptions;
import io.cachekit.lock.LockTemplate;
import io.cachekit.support.MethodKeyEvaluator;
import io.cachekit.resilience.CachekitResilience;
import org.redisson.api.RedissonClient;

import org.springframework.aop.Advisor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Role;

/**
 * Auto-configuration of distributed locks: a {@link LockTemplate} over Redisson fenced locks, the
 * {@link DistributedLock @DistributedLock} advisor and the {@link LeaseMonitor} that tells
 * {@link LeaseLostListener} beans about lost leases. Active when Redisson is on the classpath,
 * unless {@code cachekit.lock.enabled=false}.
 */
@AutoConfiguration(after = CachekitResilienceAutoConfiguration.class,
		afterName = "org.redisson.spring.starter.RedissonAutoConfigurationV4")
@ConditionalOnClass(RedissonClient.class)
@ConditionalOnBooleanProperty(name = "cachekit.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "cachekit.lock.enabled", matchIfMissing = true)
@EnableConfigurationProperties(CachekitLockProperties.class)
@Import(CachekitProxyRegistrar.class)
public final class CachekitLockAutoConfiguration {

	private static final Duration DEFAULT_WATCHDOG_TIMEOUT = Duration.ofSeconds(30);

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	LeaseMonitor leaseMonitor(CachekitLockProperties properties, ObjectProvider<RedissonClient> redisson,
			ObjectProvider<LeaseLostListener> listeners) {
		Duration checkInterval = properties.getLeaseCheckInterval();
		if (checkInterval == null) {
			checkInterval = DEFAULT_WATCHDOG_TIMEOUT.dividedBy(3);
		}
		else if (checkInterval.toMillis() <= 0) {
			throw new InvalidConfigurationPropertyValueException("cachekit.lock.lease-check-interval", checkInterval,
					"The lease check interval must be at least 1ms.");
		}
		return new LeaseMonitor(checkInterval, () -> watchdogTimeout(redisson), properties.isInterruptOnLeaseLoss(),
				listeners.orderedStream().toList());
	}

	private static Duration watchdogTimeout(ObjectProvider<RedissonClient> redisson) {
		RedissonClient client = redisson.getIfAvailable();
		return (client != null) ? Duration.ofMillis(client.getConfig().getLockWatchdogTimeout())
				: DEFAULT_WATCHDOG_TIMEOUT;
	}

	@Bean
	@ConditionalOnMissingBean
	LockTemplate lockTemplate(CachekitLockProperties properties, ObjectProvider<RedissonClient> redisson,
			ObjectProvider<CachekitResilience> resilience,
			LeaseMonitor leaseMonitor) {
		Duration waitTime = properties.getWaitTime();
		if (waitTime == null || waitTime.isNegative()) {
			throw new InvalidConfigurationPropertyValueException("cachekit.lock.wait-time", waitTime,
					"The wait time must be zero or positive, e.g. 5s.");
		}
		Duration leaseTime = properties.getLeaseTime();
		if (leaseTime != null && leaseTime.toMillis() <= 0) {
			throw new InvalidConfigurationPropertyValueException("cachekit.lock.lease-time", leaseTime,
					"The lease time must be at least 1ms; leave it unset for watchdog renewal.");
		}
		if (properties.getKeyPrefix() == null) {
			throw new InvalidConfigurationPropertyValueException("cachekit.lock.key-prefix", null,
					"A key prefix is required; use an empty string for none.");
		}
		return new LockTemplate(redisson::getObject, properties.getKeyPrefix(),
				new LockOptions(waitTime, leaseTime, LockFailurePolicy.THROW), leaseMonitor,
				resilience.getIfAvailable(CachekitResilience::withDefaults));
	}

	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	@ConditionalOnMissingBean(name = "distributedLockAdvisor")
	static Advisor distributedLockAdvisor(ObjectProvider<LockTemplate> lockTemplate, BeanFactory beanFactory) {
		DefaultPointcutAdvisor advisor = new DefaultPointcutAdvisor(
				new AnnotationMatchingPointcut(null, DistributedLock.class, true),
				new DistributedLockInterceptor(lockTemplate::getObject, new MethodKeyEvaluator(beanFactory)));
		advisor.setOrder(CachekitAdvisorOrder.LOCK);
		return advisor;
	}

}
