package io.cachekit.autoconfigure;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ReflectionUtils;

import io.cachekit.cache.CacheTtl;
import io.cachekit.cache.CacheTtlParser;

/**
 * Checks every {@link CacheTtl} on beans as they are created, so that a wrong value fails startup
 * instead of the first call.
 */
class CacheTtlValidator implements BeanPostProcessor {

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
		Class<?> type = AopUtils.getTargetClass(bean);
		if (type.getName().startsWith("org.springframework.")) {
			return bean;
		}
		CacheTtl onType = AnnotatedElementUtils.findMergedAnnotation(type, CacheTtl.class);
		if (onType != null) {
			CacheTtlParser.parse(onType, type);
		}
		ReflectionUtils.doWithMethods(type, (method) -> {
			CacheTtl annotation = AnnotatedElementUtils.findMergedAnnotation(method, CacheTtl.class);
			if (annotation != null) {
				CacheTtlParser.parse(annotation, method);
			}
		}, ReflectionUtils.USER_DECLARED_METHODS);
		return bean;
	}

}
