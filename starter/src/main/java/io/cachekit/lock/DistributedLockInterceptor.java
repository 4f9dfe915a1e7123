package io.cachekit.lock;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.cachekit.support.DurationText;
import io.cachekit.support.MethodKeyEvaluator;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;

import org.springframework.aop.support.AopUtils;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Applies {@link DistributedLock} to a method call: evaluates the key, takes the lock through
 * the {@link LockTemplate} and proceeds while holding it.
 */
public class DistributedLockInterceptor implements MethodInterceptor {

	private final Supplier<LockTemplate> lockTemplate;

	private final MethodKeyEvaluator keyEvaluator;

	private final Map<Method, Settings> settings = new ConcurrentHashMap<>();

	/**
	 * Creates the interceptor.
	 * @param lockTemplate supplies the template that takes the locks, looked up on first use
	 * @param keyEvaluator evaluates key expressions
	 */
	public DistributedLockInterceptor(Supplier<LockTemplate> lockTemplate, MethodKeyEvaluator keyEvaluator) {
		this.lockTemplate = lockTemplate;
		this.keyEvaluator = keyEvaluator;
	}

	@Override
	public Object invoke(MethodInvocation invocation) throws Throwable {
		Method method = invocation.getMethod();
		Object target = invocation.getThis();
		Method specific = (target != null) ? AopUtils.getMostSpecificMethod(method, AopUtils.getTargetClass(target))
				: method;
		Settings settings = this.settings.computeIfAbsent(specific, this::settings);
		if (settings == null) {
			return invocation.proceed();
		}
		String key = this.keyEvaluator.evaluate(settings.keyExpression(), invocation);
		boolean optional = Optional.class.equals(specific.getReturnType());
		return this.lockTemplate.get().execute(key, settings.options(), (lock) -> invocation.proceed(),
				() -> optional ? Optional.empty() : null);
	}

	private Settings settings(Method method) {
		DistributedLock annotation = AnnotatedElementUtils.findMergedAnnotation(method, DistributedLock.class);
		if (annotation == null) {
			return null;
		}
		String where = "@DistributedLock on " + method.getDeclaringClass().getSimpleName() + "." + method.getName();
		this.keyEvaluator.validate(annotation.key());
		String name = annotation.name().isEmpty()
				? method.getDeclaringClass().getSimpleName() + "." + method.getName() : annotation.name();
		LockOptions options = this.lockTemplate.get()
			.defaultOptions()
			.withFailurePolicy(annotation.failurePolicy())
			.withName(name);
		Duration waitTime = DurationText.parse(annotation.waitTime(), where + " waitTime");
		if (waitTime != null) {
			options = options.withWaitTime(waitTime);
		}
		Duration leaseTime = DurationText.parse(annotation.leaseTime(), where + " leaseTime");
		if (leaseTime != null) {
			options = options.withLeaseTime(leaseTime);
		}
		return new Settings(annotation.key(), options);
	}

	private record Settings(String keyExpression, LockOptions options) {

	}

}
