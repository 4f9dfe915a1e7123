package io.cachekit.demo.auth;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.FindByIndexNameSessionRepository;

import io.cachekit.resilience.CachekitResilience;

/**
 * Puts Spring Session's Redis repository behind a deadline and a circuit breaker ({@link SessionStoreGuard}):
 * the repository bean is replaced by a class-based proxy of itself, so that every user of it, Spring
 * Session's filter and logout-all alike, goes through the guard and still sees the repository's own type.
 */
@Configuration(proxyBeanMethods = false)
class SessionStoreConfiguration {

	/**
	 * Runs session store calls so that a caller can stop waiting at its deadline. Bounded: calls abandoned by
	 * their callers (Redis hung) hold at most 32 threads; beyond that a call is refused at once, which the guard
	 * answers like a failed one (anonymous read, 503 write).
	 */
	@Bean(destroyMethod = "shutdownNow")
	ExecutorService sessionStoreExecutor() {
		return new ThreadPoolExecutor(2, 32, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), (task) -> {
			Thread thread = new Thread(task, "session-store");
			thread.setDaemon(true);
			return thread;
		}, new ThreadPoolExecutor.AbortPolicy());
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
