package io.cachekit.cache;

import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import tools.jackson.databind.JavaType;

import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.annotation.AnnotatedElementUtils;

import io.cachekit.cache.access.CacheInvocation;

/**
 * Runs {@link CacheableEach} methods: looks every id up in the cache at once and calls the method with the
 * missing ids only, through {@link CachekitCache#getAll}. What is derived from a method (the collection
 * parameter, the result's shape, the value type and TTL) is checked and computed once, on its first call.
 */
public class CacheableEachInterceptor implements MethodInterceptor {

	private static final String[] NO_TAGS = new String[0];

	private final Supplier<CachekitCacheManager> cacheManager;

	private final Map<Method, Settings> settings = new ConcurrentHashMap<>();

	/**
	 * Creates the interceptor.
	 * @param cacheManager supplies the cache manager, looked up on first use
	 */
	public CacheableEachInterceptor(Supplier<CachekitCacheManager> cacheManager) {
		this.cacheManager = cacheManager;
	}

	@Override
	public Object invoke(MethodInvocation invocation) throws Throwable {
		Method method = invocation.getMethod();
		Object target = invocation.getThis();
		Method specific = (target != null) ? AopUtils.getMostSpecificMethod(method, AopUtils.getTargetClass(target))
				: method;
		Settings settings = this.settings.computeIfAbsent(specific, this::settings);
		Object[] arguments = invocation.getArguments();
		Collection<?> ids = (Collection<?>) arguments[settings.parameter()];
		if (ids == null || ids.isEmpty() || !(invocation instanceof ProxyMethodInvocation proxied)) {
			return invocation.proceed();
		}
		CachekitCache cache = this.cacheManager.get().getCachekitCache(settings.cacheName());
		if (cache == null) {
			throw new IllegalStateException("Cannot find cache named '" + settings.cacheName() + "' for "
					+ settings.where() + "; declare it under cachekit.cache.caches or enable cachekit.cache.dynamic");
		}
		Map<Object, Object> values = cache.getAll(ids, (missing) -> {
			Object[] missingArguments = arguments.clone();
			missingArguments[settings.parameter()] = settings.collectionOf(missing);
			Object result;
			try {
				result = proxied.invocableClone(missingArguments).proceed();
			}
			catch (Exception | Error ex) {
				throw ex;
			}
			catch (Throwable ex) {
				throw new IllegalStateException(ex);
			}
			return settings.byId(missing, result);
		}, settings.invocation());
		return settings.shape(ids, values);
	}

	private Settings settings(Method method) {
		CacheableEach annotation = AnnotatedElementUtils.findMergedAnnotation(method, CacheableEach.class);
		String where = "@CacheableEach on " + method.getDeclaringClass().getSimpleName() + "." + method.getName();
		int parameter = -1;
		for (int i = 0; i < method.getParameterCount(); i++) {
			if (Collection.class.isAssignableFrom(method.getParameterTypes()[i])) {
				if (parameter >= 0) {
					throw new IllegalStateException(where + " needs exactly one Collection parameter, it has several");
				}
				parameter = i;
			}
		}
		if (parameter < 0) {
			throw new IllegalStateException(where + " needs a Collection, List or Set parameter holding the ids");
		}
		Class<?> returnType = method.getReturnType();
		boolean map = Map.class.isAssignableFrom(returnType);
		if (!map && !List.class.isAssignableFrom(returnType)) {
			throw new IllegalStateException(where + " must return a Map keyed by id or a List in the order of the ids");
		}
		if (AnnotatedElementUtils.hasAnnotation(method, CacheTags.class)) {
			throw new IllegalStateException(where + ": @CacheTags is not supported on @CacheableEach methods");
		}
		Type generic = method.getGenericReturnType();
		Type element = (generic instanceof ParameterizedType parameterized)
				? parameterized.getActualTypeArguments()[map ? 1 : 0] : Object.class;
		JavaType type = this.cacheManager.get().getValueMapper().type(element);
		CacheTtl ttlAnnotation = AnnotatedElementUtils.findMergedAnnotation(method, CacheTtl.class);
		Duration ttl = (ttlAnnotation != null) ? CacheTtlParser.parse(ttlAnnotation, method) : null;
		boolean set = Set.class.isAssignableFrom(method.getParameterTypes()[parameter]);
		return new Settings(annotation.value(), where, parameter, set, map,
				new CacheInvocation(type.isJavaLangObject() ? null : type, ttl, () -> NO_TAGS));
	}

	private record Settings(String cacheName, String where, int parameter, boolean set, boolean map,
			CacheInvocation invocation) {

		Collection<Object> collectionOf(List<Object> ids) {
			return this.set ? new LinkedHashSet<>(ids) : new ArrayList<>(ids);
		}

		Map<Object, Object> byId(List<Object> ids, Object result) {
			if (result == null) {
				return Map.of();
			}
			if (this.map) {
				@SuppressWarnings("unchecked")
				Map<Object, Object> values = (Map<Object, Object>) result;
				Set<Object> asked = new HashSet<>(ids);
				for (Object id : values.keySet()) {
					if (!asked.contains(id)) {
						throw new IllegalStateException(this.where + " returned a value for " + describe(id)
								+ ", which it was not asked for; the Map's keys must equal the ids passed (same type)");
					}
				}
				return values;
			}
			List<?> list = (List<?>) result;
			if (list.size() != ids.size()) {
				throw new IllegalStateException(this.where + " returned " + list.size() + " values for " + ids.size()
						+ " ids; a List result holds one value (or null) per id, in the order of the ids");
			}
			Map<Object, Object> values = new LinkedHashMap<>();
			for (int i = 0; i < ids.size(); i++) {
				values.put(ids.get(i), list.get(i));
			}
			return values;
		}

		private static String describe(Object id) {
			return (id != null) ? "'" + id + "' (" + id.getClass().getSimpleName() + ")" : "null";
		}

		Object shape(Collection<?> ids, Map<Object, Object> values) {
			if (this.map) {
				Map<Object, Object> result = new LinkedHashMap<>((int) (values.size() / 0.75f) + 1);
				for (Object id : ids) {
					Object value = values.get(id);
					if (value != null) {
						result.put(id, value);
					}
				}
				return result;
			}
			List<Object> result = new ArrayList<>(ids.size());
			for (Object id : ids) {
				result.add(values.get(id));
			}
			return result;
		}

	}

}
