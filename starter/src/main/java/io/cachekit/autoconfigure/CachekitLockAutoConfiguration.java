package io.cachekit.autoconfigure;

import java.time.Duration;

import io.micrometer.observation.ObservationRegistry;
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
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;

import io.cachekit.CachekitAdvisorOrder;
import io.cachekit.keys.CachekitKeys;
import io.cachekit.lock.DistributedLock;
import io.cachekit.lock.DistributedLockInterceptor;
import io.cachekit.lock.LeaseLostListener;
import io.cachekit.lock.LeaseMonitor;
import io.cachekit.lock.LockFailurePolicy;
import io.cachekit.lock.LockOptions;
import io.cachekit.lock.LockTemplate;
import io.cachekit.resilience.CachekitResilience;
import io.cachekit.support.MethodKeyEvaluator;

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
		Duration checkInterval = (properties.getLeaseCheckInterval() != null) ? properties.getLeaseCheckInterval()
				: DEFAULT_WATCHDOG_TIMEOUT.dividedBy(3);
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
			ObjectProvider<CachekitResilience> resilience, LeaseMonitor leaseMonitor, ObjectProvider<CachekitKeys> keys,
			Environment environment, ObjectProvider<ObservationRegistry> observations) {
		LockTemplate template = new LockTemplate(redisson::getObject,
				CachekitAutoConfiguration.keys(keys, environment).lockPrefix(),
				new LockOptions(properties.getWaitTime(), properties.getLeaseTime(), LockFailurePolicy.THROW), leaseMonitor,
				resilience.getIfAvailable(CachekitResilience::withDefaults));
		template.setObservationRegistry(CachekitAutoConfiguration.observations(observations));
		return template;
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
