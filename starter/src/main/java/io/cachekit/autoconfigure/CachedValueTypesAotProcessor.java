package io.cachekit.autoconfigure;

import java.lang.reflect.Type;
import java.util.LinkedHashSet;
import java.util.Set;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ReflectionUtils;

import io.cachekit.cache.CacheableEach;
import io.cachekit.cache.CachekitCacheResolver;

/**
 * At build time, registers the types that cachekit's JSON codec reads and writes for each bean's cached methods
 * ({@code @Cacheable}, {@code @CachePut}, {@code @CacheableEach}): the declared value type, unwrapped from
 * {@code Optional}, {@code CompletableFuture}, {@code Mono} and {@code Flux} as at run time, with everything
 * Jackson binds through it.
 */
class CachedValueTypesAotProcessor implements BeanRegistrationAotProcessor {

	@Override
	public BeanRegistrationAotContribution processAheadOfTime(RegisteredBean registeredBean) {
		Class<?> beanClass = registeredBean.getBeanClass();
		Set<Type> types = new LinkedHashSet<>();
		ReflectionUtils.doWithMethods(beanClass, (method) -> {
			if (AnnotatedElementUtils.hasAnnotation(method, Cacheable.class)
					|| AnnotatedElementUtils.hasAnnotation(method, CachePut.class)
					|| AnnotatedElementUtils.hasAnnotation(method, CacheableEach.class)) {
				Type type = CachekitCacheResolver.cachedType(method.getGenericReturnType());
				if (type != void.class && type != Void.class) {
					types.add(type);
				}
			}
		}, ReflectionUtils.USER_DECLARED_METHODS);
		if (types.isEmpty()) {
			return null;
		}
		return (generationContext, beanRegistrationCode) -> {
			BindingReflectionHintsRegistrar registrar = new BindingReflectionHintsRegistrar();
			types.forEach((type) -> registrar.registerReflectionHints(generationContext.getRuntimeHints().reflection(),
					type));
		};
	}

}
