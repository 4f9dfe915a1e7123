package io.cachekit.cache;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.function.Consumer;

import org.springframework.beans.factory.config.BeanPostProcessor;

import io.cachekit.cache.store.CacheStore;

/**
 * Wraps the application's {@link CacheStore} bean so that a test sees every call to Redis that goes through
 * it (which method, on which thread) without changing what the call does.
 */
public final class StoreCallRecorder {

	private StoreCallRecorder() {
	}

	/**
	 * A post-processor that reports each call of the store's methods before making it.
	 * @param onCall told of each call's method, on the calling thread
	 * @return the post-processor, to declare as a {@code static @Bean}
	 */
	public static BeanPostProcessor recording(Consumer<Method> onCall) {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (!(bean instanceof CacheStore store)) {
					return bean;
				}
				return Proxy.newProxyInstance(CacheStore.class.getClassLoader(), new Class<?>[] { CacheStore.class },
						(proxy, method, args) -> {
							onCall.accept(method);
							try {
								return method.invoke(store, args);
							}
							catch (InvocationTargetException ex) {
								throw ex.getCause();
							}
						});
			}
		};
	}

}
