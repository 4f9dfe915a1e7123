package io.cachekit.demo.auth;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.cachekit.resilience.CachekitResilience;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.FindByIndexNameSessionRepository;

/**
 * Puts Spring Session's Redis repository behind a deadline and a circuit breaker ({@link SessionStoreGuard}):
 * the repository bean is replaced by a class-based proxy of itself, so that every user of it, Spring
 * Session's filter and logout-all alike, goes through the guard and still sees the repository's own type.
 */
@Configuration(proxyBeanMethods = false)
class SessionStoreConfiguration {

	@Bean(destroyMethod = "shutdownNow")
	ExecutorService sessionStoreExecutor() {
		return Executors.newCachedThreadPool((task) -> {
			Thread thread = new Thread(task, "session-store");
			thread.setDaemon(true);
			return thread;
		});
	}

	@Bean
	static BeanPostProcessor sessionStoreGuardPostProcessor(ObjectProvider<CachekitResilience> resilience,
			ObjectProvider<ExecutorService> sessionStoreExecutor) {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (!(bean instanceof FindByIndexNameSessionRepository<?>) || AopUtils.isAopProxy(bean)) {
					return bean;
				}
				ProxyFactory proxy = new ProxyFactory(bean);
				proxy.setProxyTargetClass(true);
				proxy.addAdvice(new SessionStoreGuard(resilience.getIfAvailable(CachekitResilience::withDefaults),
						sessionStoreExecutor.getObject()));
				return proxy.getProxy(bean.getClass().getClassLoader());
			}

		};
	}

}
