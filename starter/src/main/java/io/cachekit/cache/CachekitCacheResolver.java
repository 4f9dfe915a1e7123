package io.cachekit.cache;

import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.databind.JavaType;

import org.springframework.cache.Cache;
import org.springframework.cache.interceptor.CacheOperationInvocationContext;
import org.springframework.cache.interceptor.CacheResolver;
import org.springframework.context.expression.MethodBasedEvaluationContext;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodClassKey;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.expression.Expression;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.util.ClassUtils;
import org.springframework.util.ObjectUtils;

import io.cachekit.cache.access.CacheInvocation;

/**
 * The {@link CacheResolver} that {@code @EnableCaching} uses with cachekit: for each call it hands
 * Spring's cache interceptor a view of each named {@link CachekitCache} bound to the method's declared
 * return type (generic types included; {@code Optional}, {@code CompletableFuture} and {@code Mono} unwrapped,
 * {@code Flux} as a list), its {@link CacheTtl} and its
 * {@link CacheTags}. What is derived from the method is computed once per method and target class.
 */
public class CachekitCacheResolver implements CacheResolver {

	private static final String[] NO_TAGS = new String[0];

	private static final String MONO = "reactor.core.publisher.Mono";

	private static final String FLUX = "reactor.core.publisher.Flux";

	private final CachekitCacheManager cacheManager;

	private final SpelExpressionParser parser = new SpelExpressionParser();

	private final ParameterNameDiscoverer parameterNames = new DefaultParameterNameDiscoverer();

	private final Map<MethodClassKey, MethodInfo> methods = new ConcurrentHashMap<>();

	/**
	 * Creates the resolver.
	 * @param cacheManager the cache manager
	 */
	public CachekitCacheResolver(CachekitCacheManager cacheManager) {
		this.cacheManager = cacheManager;
	}

	@Override
	public Collection<? extends Cache> resolveCaches(CacheOperationInvocationContext<?> context) {
		Collection<String> names = context.getOperation().getCacheNames();
		if (names.isEmpty()) {
			throw new IllegalStateException("No cache names on " + context.getOperation()
					+ "; name the cache in the annotation or in @CacheConfig");
		}
		Class<?> targetClass = (context.getTarget() != null) ? context.getTarget().getClass() : null;
		MethodInfo info = this.methods.computeIfAbsent(new MethodClassKey(context.getMethod(), targetClass),
				(key) -> describe(context.getMethod(), targetClass));
		CacheInvocation invocation = new CacheInvocation(info.type, info.ttl,
				() -> info.evaluateTags(context.getMethod(), context.getArgs(), context.getTarget()));
		List<Cache> caches = new ArrayList<>(names.size());
		for (String name : names) {
			CachekitCache cache = this.cacheManager.getCachekitCache(name);
			if (cache == null) {
				throw new IllegalArgumentException("Cannot find cache named '" + name + "' for "
						+ context.getOperation() + "; declare it under cachekit.cache.caches or enable "
						+ "cachekit.cache.dynamic");
			}
			caches.add(info.async ? cache.bindAsync(invocation) : cache.bind(invocation));
		}
		return caches;
	}

	/**
	 * The type of the value Spring caches for a method's return type: {@code Optional<T>},
	 * {@code CompletableFuture<T>} and {@code Mono<T>} cache a {@code T}, {@code Flux<T>} the list of its elements.
	 * @param returnType the method's generic return type
	 * @return the type of the cached value
	 */
	public static Type cachedType(Type returnType) {
		if (!(returnType instanceof ParameterizedType parameterized)
				|| !(parameterized.getRawType() instanceof Class<?> raw)) {
			return returnType;
		}
		Type element = parameterized.getActualTypeArguments()[0];
		if (raw == Optional.class || raw == CompletableFuture.class || raw.getName().equals(MONO)) {
			return element;
		}
		if (raw.getName().equals(FLUX)) {
			return ResolvableType.forClassWithGenerics(List.class, ResolvableType.forType(element)).getType();
		}
		return returnType;
	}

	private static boolean isAsync(Class<?> returnType) {
		return CompletableFuture.class.isAssignableFrom(returnType) || returnType.getName().equals(MONO)
				|| returnType.getName().equals(FLUX);
	}

	private MethodInfo describe(Method method, Class<?> targetClass) {
		Type returnType = cachedType(method.getGenericReturnType());
		JavaType type = (returnType == void.class || returnType == Void.class) ? null
				: this.cacheManager.getValueMapper().type(returnType);
		if (type != null && type.isPrimitive()) {
			type = this.cacheManager.getValueMapper().type(ClassUtils.resolvePrimitiveIfNecessary(type.getRawClass()));
		}
		CacheTtl ttlAnnotation = AnnotatedElementUtils.findMergedAnnotation(method, CacheTtl.class);
		if (ttlAnnotation == null && targetClass != null) {
			ttlAnnotation = AnnotatedElementUtils.findMergedAnnotation(targetClass, CacheTtl.class);
		}
		Duration ttl = (ttlAnnotation != null) ? CacheTtlParser.parse(ttlAnnotation, method) : null;
		CacheTags tags = AnnotatedElementUtils.findMergedAnnotation(method, CacheTags.class);
		Expression[] expressions = new Expression[0];
		if (tags != null) {
			expressions = new Expression[tags.value().length];
			for (int i = 0; i < expressions.length; i++) {
				expressions[i] = this.parser.parseExpression(tags.value()[i]);
			}
		}
		return new MethodInfo(type, ttl, expressions, isAsync(method.getReturnType()));
	}

	/**
	 * The root object of {@link CacheTags} expressions.
	 *
	 * @param method the called method
	 * @param args the arguments
	 * @param target the target object
	 */
	public record TagRoot(Method method, Object[] args, Object target) {
	}

	private final class MethodInfo {

		private final JavaType type;

		private final Duration ttl;

		private final Expression[] tags;

		private final boolean async;

		MethodInfo(JavaType type, Duration ttl, Expression[] tags, boolean async) {
			this.type = type;
			this.ttl = ttl;
			this.tags = tags;
			this.async = async;
		}

		String[] evaluateTags(Method method, Object[] args, Object target) {
			if (this.tags.length == 0) {
				return NO_TAGS;
			}
			MethodBasedEvaluationContext context = new MethodBasedEvaluationContext(new TagRoot(method, args, target),
					method, args, CachekitCacheResolver.this.parameterNames);
			List<String> result = new ArrayList<>();
			for (Expression expression : this.tags) {
				add(result, expression.getValue(context));
			}
			return result.toArray(NO_TAGS);
		}

		private void add(List<String> result, Object value) {
			if (value == null) {
				return;
			}
			if (value instanceof Iterable<?> iterable) {
				iterable.forEach((element) -> add(result, element));
			}
			else if (value.getClass().isArray()) {
				for (Object element : ObjectUtils.toObjectArray(value)) {
					add(result, element);
				}
			}
			else {
				result.add(value.toString());
			}
		}

	}

}
