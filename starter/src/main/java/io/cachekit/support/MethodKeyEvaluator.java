package io.cachekit.support;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.aopalliance.intercept.MethodInvocation;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.context.expression.BeanFactoryResolver;
import org.springframework.context.expression.MethodBasedEvaluationContext;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.expression.Expression;
import org.springframework.expression.ExpressionException;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.util.Assert;

/**
 * Evaluates a SpEL key expression (e.g. {@code "'order:' + #orderId"}) against an intercepted
 * method call. Parameters are available by name ({@code #orderId}) and position ({@code #p0},
 * {@code #a0}); the root object offers {@code method}, {@code args} and {@code target}, and
 * {@code @beanName} references beans. Parsed expressions are cached.
 */
public final class MethodKeyEvaluator {

	private final SpelExpressionParser parser = new SpelExpressionParser();

	private final ParameterNameDiscoverer parameterNames = new DefaultParameterNameDiscoverer();

	private final Map<String, Expression> expressions = new ConcurrentHashMap<>();

	private final BeanFactory beanFactory;

	/**
	 * Creates an evaluator.
	 * @param beanFactory resolves {@code @bean} references, may be {@code null}
	 */
	public MethodKeyEvaluator(BeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	/**
	 * Evaluates the expression for this call.
	 * @param expression the SpEL expression
	 * @param invocation the intercepted call
	 * @return the key, never empty
	 * @throws IllegalArgumentException if the expression cannot be parsed or yields null or an
	 * empty string
	 */
	public String evaluate(String expression, MethodInvocation invocation) {
		Assert.hasText(expression, "Key expression must not be empty");
		Object target = invocation.getThis();
		Method method = (target != null)
				? AopUtils.getMostSpecificMethod(invocation.getMethod(), AopUtils.getTargetClass(target))
				: invocation.getMethod();
		Root root = new Root(method, invocation.getArguments(), target);
		MethodBasedEvaluationContext context = new MethodBasedEvaluationContext(root, method,
				invocation.getArguments(), this.parameterNames);
		if (this.beanFactory != null) {
			context.setBeanResolver(new BeanFactoryResolver(this.beanFactory));
		}
		Object value;
		try {
			value = parse(expression).getValue(context);
		}
		catch (ExpressionException ex) {
			throw new IllegalArgumentException("Key expression '" + expression + "' on " + method.getDeclaringClass()
				.getSimpleName() + "." + method.getName() + " failed: " + ex.getMessage(), ex);
		}
		if (value == null || value.toString().isEmpty()) {
			throw new IllegalArgumentException("Key expression '" + expression + "' on "
					+ method.getDeclaringClass().getSimpleName() + "." + method.getName()
					+ " evaluated to an empty key");
		}
		return value.toString();
	}

	/**
	 * Checks that an expression parses, for validating configuration early.
	 * @param expression the expression
	 * @throws IllegalArgumentException if it does not parse
	 */
	public void validate(String expression) {
		try {
			parse(expression);
		}
		catch (ExpressionException ex) {
			throw new IllegalArgumentException("Invalid key expression '" + expression + "': " + ex.getMessage(), ex);
		}
	}

	private Expression parse(String expression) {
		Expression parsed = this.expressions.get(expression);
		if (parsed == null) {
			parsed = this.parser.parseExpression(expression);
			this.expressions.putIfAbsent(expression, parsed);
		}
		return parsed;
	}

	/**
	 * The root object of a key expression.
	 *
	 * @param method the invoked method
	 * @param args the arguments
	 * @param target the target object
	 */
	public record Root(Method method, Object[] args, Object target) {

	}

}
