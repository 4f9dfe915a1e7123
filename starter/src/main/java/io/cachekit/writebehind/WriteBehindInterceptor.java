package io.cachekit.writebehind;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;

import org.springframework.aop.support.AopUtils;
import org.springframework.context.expression.MethodBasedEvaluationContext;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.expression.EvaluationContext;
import org.springframework.expression.Expression;
import org.springframework.expression.spel.standard.SpelExpressionParser;

/**
 * Runs a {@link WriteBehind @WriteBehind} method, then saves the value its annotation names through a
 * {@link WriteBehindTemplate}.
 */
public class WriteBehindInterceptor implements MethodInterceptor {

	private final SpelExpressionParser parser = new SpelExpressionParser();

	private final ParameterNameDiscoverer parameterNames = new DefaultParameterNameDiscoverer();

	private final Map<String, Expression> expressions = new ConcurrentHashMap<>();

	private final Supplier<WriteBehindTemplate> template;

	/**
	 * Creates an interceptor.
	 * @param template supplies the template that saves the values (looked up on first use)
	 */
	public WriteBehindInterceptor(Supplier<WriteBehindTemplate> template) {
		this.template = template;
	}

	@Override
	public Object invoke(MethodInvocation invocation) throws Throwable {
		Method method = invocation.getMethod();
		Object target = invocation.getThis();
		Method specific = (target != null) ? AopUtils.getMostSpecificMethod(method, target.getClass()) : method;
		WriteBehind annotation = AnnotatedElementUtils.findMergedAnnotation(specific, WriteBehind.class);
		if (annotation == null) {
			return invocation.proceed();
		}
		Object result = invocation.proceed();
		EvaluationContext context = new MethodBasedEvaluationContext(target, specific, invocation.getArguments(),
				this.parameterNames);
		context.setVariable("result", result);
		Object key = expression(annotation.key()).getValue(context);
		if (key == null) {
			throw new IllegalArgumentException("@WriteBehind key '" + annotation.key() + "' on " + specific
					+ " evaluated to null");
		}
		Object value = expression(annotation.value()).getValue(context);
		this.template.get().save(annotation.cache(), key.toString(), value);
		return result;
	}

	private Expression expression(String text) {
		return this.expressions.computeIfAbsent(text, this.parser::parseExpression);
	}

}
