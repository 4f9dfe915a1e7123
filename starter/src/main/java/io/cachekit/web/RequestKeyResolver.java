package io.cachekit.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Principal;
import java.util.HexFormat;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.expression.Expression;
import org.springframework.expression.ExpressionException;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.StandardEvaluationContext;

/**
 * Names the client a request counts against. Built from a rule's {@code key} setting:
 * {@code ip} (the client IP, see {@link ClientIpResolver}), {@code user} (the authenticated
 * principal's name), {@code header:X-Api-Key} (a header's value, stored hashed) or a SpEL
 * expression evaluated against the request with {@code #request}, {@code #ip} and {@code #user}.
 * When the user, header or expression yields nothing, the client IP is used.
 */
@FunctionalInterface
public interface RequestKeyResolver {

	/**
	 * The client's key.
	 * @param request the request
	 * @return the key, e.g. {@code ip:203.0.113.7}
	 */
	String resolve(HttpServletRequest request);

	/**
	 * Builds a resolver from its textual form.
	 * @param spec {@code ip}, {@code user}, {@code header:<name>} or a SpEL expression
	 * @param ipResolver finds client IPs
	 * @return the resolver
	 * @throws IllegalArgumentException if the header name is missing or the expression does not
	 * parse
	 */
	static RequestKeyResolver of(String spec, ClientIpResolver ipResolver) {
		String value = (spec != null) ? spec.strip() : "";
		RequestKeyResolver byIp = (request) -> "ip:" + ipResolver.resolve(request);
		if (value.isEmpty() || value.equals("ip")) {
			return byIp;
		}
		if (value.equals("user")) {
			return (request) -> {
				Principal principal = request.getUserPrincipal();
				return (principal != null && principal.getName() != null) ? "user:" + principal.getName()
						: byIp.resolve(request);
			};
		}
		if (value.startsWith("header:")) {
			String header = value.substring("header:".length()).strip();
			if (header.isEmpty()) {
				throw new IllegalArgumentException("'" + spec + "' names no header; use e.g. header:X-Api-Key");
			}
			return (request) -> {
				String headerValue = request.getHeader(header);
				return (headerValue != null && !headerValue.isBlank()) ? "header:" + header + ":" + sha256(headerValue)
						: byIp.resolve(request);
			};
		}
		Expression expression;
		try {
			expression = new SpelExpressionParser().parseExpression(value);
		}
		catch (ExpressionException ex) {
			throw new IllegalArgumentException(
					"'" + spec + "' is neither ip, user, header:<name> nor a valid SpEL expression: " + ex.getMessage(),
					ex);
		}
		return (request) -> {
			String ip = ipResolver.resolve(request);
			StandardEvaluationContext context = new StandardEvaluationContext(request);
			context.setVariable("request", request);
			context.setVariable("ip", ip);
			Principal principal = request.getUserPrincipal();
			context.setVariable("user", (principal != null) ? principal.getName() : null);
			Object key = expression.getValue(context);
			return (key != null && !key.toString().isBlank()) ? "spel:" + key : "ip:" + ip;
		};
	}

	private static String sha256(String value) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest, 0, 16);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

}
