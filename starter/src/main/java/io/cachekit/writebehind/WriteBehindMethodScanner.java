package io.cachekit.writebehind;

import java.lang.reflect.Method;
import java.util.Map;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Declares the cache of every {@link WriteBehind @WriteBehind} method of the application's beans in
 * {@link WrittenBehindCaches} as the beans are created, before any request can miss.
 */
public final class WriteBehindMethodScanner implements BeanPostProcessor {

	private final WrittenBehindCaches caches;

	/**
	 * Creates the scanner.
	 * @param caches where annotated caches are declared
	 */
	public WriteBehindMethodScanner(WrittenBehindCaches caches) {
		this.caches = caches;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		Class<?> type = AopUtils.getTargetClass(bean);
		if (type.getName().startsWith("org.springframework.")) {
			return bean;
		}
		Map<Method, WriteBehind> annotated = MethodIntrospector.selectMethods(type,
				(MethodIntrospector.MetadataLookup<WriteBehind>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, WriteBehind.class));
		annotated.values().forEach((annotation) -> this.caches.declare(annotation.cache()));
		return bean;
	}

}
