package io.cachekit.ratelimit;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.cachekit.support.DurationText;
import io.cachekit.support.MethodKeyEvaluator;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;

import org.springframework.aop.support.AopUtils;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Applies {@link RateLimited} to a method call: evaluates the key, takes a permit through the
 * {@link RateLimitEnforcer} and proceeds only if it was granted.
 */
public class RateLimitInterceptor implements MethodInterceptor {

	private final Supplier<RateLimitEnforcer> enforcer;

	private final MethodKeyEvaluator keyEvaluator;

	private final Map<Method, Settings> settings = new ConcurrentHashMap<>();

	/**
	 * Creates the interceptor.
	 * @param enforcer supplies the enforcer that decides, looked up on first use
	 * @param keyEvaluator evaluates key expressions
	 */
	public RateLimitInterceptor(Supplier<RateLimitEnforcer> enforcer, MethodKeyEvaluator keyEvaluator) {
		this.enforcer = enforcer;
		this.keyEvaluator = keyEvaluator;
	}

	@Override
	public Object invoke(MethodInvocation invocation) throws Throwable {
		Object target = invocation.getThis();
		Method method = (target != null)
				? AopUtils.getMostSpecificMethod(invocation.getMethod(), AopUtils.getTargetClass(target))
				: invocation.getMethod();
		Settings settings = this.settings.computeIfAbsent(method, this::settings);
		if (settings == null) {
			return invocation.proceed();
		}
		String clientKey = settings.keyExpression().isEmpty() ? "all"
				: this.keyEvaluator.evaluate(settings.keyExpression(), invocation);
		this.enforcer.get().acquire(settings.rule(), clientKey);
		return invocation.proceed();
	}

	private Settings settings(Method method) {
		RateLimited annotation = AnnotatedElementUtils.findMergedAnnotation(method, RateLimited.class);
		if (annotation == null) {
			return null;
		}
		String where = "@RateLimited on " + method.getDeclaringClass().getSimpleName() + "." + method.getName();
		Duration window = DurationText.parse(annotation.window(), where + " window");
		if (window == null) {
			throw new IllegalArgumentException(where + " needs a window, e.g. window = \"1m\"");
		}
		if (!annotation.key().isEmpty()) {
			this.keyEvaluator.validate(annotation.key());
		}
		String name = annotation.name().isEmpty() ? method.getDeclaringClass().getSimpleName() + "." + method.getName()
				: annotation.name();
		RateLimit limit;
		try {
			limit = new RateLimit(annotation.limit(), window, annotation.algorithm());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(where + ": " + ex.getMessage(), ex);
		}
		return new Settings(annotation.key(),
				new RateLimitRule(name, limit, annotation.failurePolicy(), annotation.localFallback()));
	}

	private record Settings(String keyExpression, RateLimitRule rule) {

	}

}
