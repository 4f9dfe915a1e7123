package io.cachekit.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

import io.cachekit.ratelimit.RateLimitAlgorithm;
import io.cachekit.ratelimit.RateLimitFailurePolicy;
import io.cachekit.web.IpRange;

/**
 * Configuration of cachekit's rate limits ({@code cachekit.rate-limit.*}): shared settings and
 * the HTTP filter's {@code rules}.
 */
@ConfigurationProperties("cachekit.rate-limit")
public class CachekitRateLimitProperties implements Validator {

	private static final Set<String> HTTP_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE",
			"OPTIONS", "TRACE");

	/**
	 * Whether rate limits ({@code @RateLimited} and the HTTP filter) are enabled.
	 */
	private boolean enabled = true;

	/**
	 * Addresses or CIDR blocks of the proxies whose Forwarded and X-Forwarded-For headers are
	 * believed. Empty trusts no header: the socket peer is the client.
	 */
	private List<String> trustedProxies = new ArrayList<>();

	/**
	 * Order of the HTTP rate-limit filter; the default runs just after Spring Security's filter
	 * chain, so that key=user sees the authenticated user.
	 */
	private int filterOrder = -90;

	/**
	 * HTTP rate-limit rules, checked in order for every request.
	 */
	private List<Rule> rules = new ArrayList<>();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public List<String> getTrustedProxies() {
		return this.trustedProxies;
	}

	public void setTrustedProxies(List<String> trustedProxies) {
		this.trustedProxies = trustedProxies;
	}

	public int getFilterOrder() {
		return this.filterOrder;
	}

	public void setFilterOrder(int filterOrder) {
		this.filterOrder = filterOrder;
	}

	public List<Rule> getRules() {
		return this.rules;
	}

	public void setRules(List<Rule> rules) {
		this.rules = rules;
	}

	/**
	 * The name a rule goes by: its own, or {@code rule-<index>}.
	 * @param index the rule's index
	 * @return the name
	 */
	String ruleName(int index) {
		String name = this.rules.get(index).getName();
		return (name != null && !name.isBlank()) ? name.strip() : "rule-" + index;
	}

	@Override
	public boolean supports(Class<?> type) {
		return CachekitRateLimitProperties.class.isAssignableFrom(type);
	}

	/**
	 * Checks every value that needs no web classes; path patterns and key expressions are parsed, and checked,
	 * when the HTTP filter's rules are built ({@link HttpRateLimitRules}), in web applications only.
	 */
	@Override
	public void validate(Object target, Errors errors) {
		PropertyRules properties = new PropertyRules(errors, "cachekit.rate-limit.");
		for (int i = 0; i < this.trustedProxies.size(); i++) {
			String proxy = this.trustedProxies.get(i);
			try {
				IpRange.parse(proxy);
			}
			catch (IllegalArgumentException ex) {
				properties.require(false, "trusted-proxies[" + i + "]", proxy, ex.getMessage());
			}
		}
		Set<String> names = new HashSet<>();
		for (int i = 0; i < this.rules.size(); i++) {
			Rule rule = this.rules.get(i);
			PropertyRules checks = properties.nested("rules[" + i + "].");
			String name = ruleName(i);
			checks.require(names.add(name), "name", name,
					"Rule names must be unique; another rule is already named '" + name + "'");
			checks.require(rule.getLimit() != null && rule.getLimit() > 0, "limit", rule.getLimit(),
					"Each rule needs a positive limit, e.g. 100");
			checks.require(rule.getWindow() != null && rule.getWindow().toMillis() > 0, "window", rule.getWindow(),
					"Each rule needs a window of at least 1ms, e.g. 1m");
			checks.require(rule.getAlgorithm() != null, "algorithm", null,
					"Choose fixed-window, sliding-window, sliding-window-approximate or token-bucket");
			checks.require(rule.getPath() != null && !rule.getPath().isEmpty(), "path", null,
					"Each rule needs at least one path pattern, e.g. /api/**");
			for (String method : rule.getMethods()) {
				checks.require(HTTP_METHODS.contains(method.strip().toUpperCase(Locale.ROOT)), "methods", method,
						"Not an HTTP method; use e.g. GET or POST");
			}
		}
	}

	/**
	 * One HTTP rate-limit rule.
	 */
	public static class Rule {

		/**
		 * Name of the rule, part of its Redis keys. Defaults to "rule-" and the rule's index.
		 */
		private String name;

		/**
		 * Path patterns the rule covers, e.g. /api/**.
		 */
		private List<String> path = new ArrayList<>();

		/**
		 * HTTP methods the rule covers. Empty covers all.
		 */
		private List<String> methods = new ArrayList<>();

		/**
		 * Requests admitted per window.
		 */
		private Long limit;

		/**
		 * Window the limit applies to.
		 */
		private Duration window;

		/**
		 * How requests are counted.
		 */
		private RateLimitAlgorithm algorithm = RateLimitAlgorithm.TOKEN_BUCKET;

		/**
		 * Who a request counts against: ip, user, header:Header-Name or a SpEL expression over
		 * the request (#request, #ip, #user).
		 */
		private String key = "ip";

		/**
		 * What to do when Redis cannot be reached: admit (fail-open) or answer 503 (fail-closed).
		 */
		private RateLimitFailurePolicy failurePolicy = RateLimitFailurePolicy.FAIL_OPEN;

		/**
		 * Whether a fail-open rule asks an in-JVM limiter while Redis is down instead of
		 * admitting every request.
		 */
		private boolean localFallback;

		public String getName() {
			return this.name;
		}

		public void setName(String name) {
			this.name = name;
		}

		public List<String> getPath() {
			return this.path;
		}

		public void setPath(List<String> path) {
			this.path = path;
		}

		public List<String> getMethods() {
			return this.methods;
		}

		public void setMethods(List<String> methods) {
			this.methods = methods;
		}

		public Long getLimit() {
			return this.limit;
		}

		public void setLimit(Long limit) {
			this.limit = limit;
		}

		public Duration getWindow() {
			return this.window;
		}

		public void setWindow(Duration window) {
			this.window = window;
		}

		public RateLimitAlgorithm getAlgorithm() {
			return this.algorithm;
		}

		public void setAlgorithm(RateLimitAlgorithm algorithm) {
			this.algorithm = algorithm;
		}

		public String getKey() {
			return this.key;
		}

		public void setKey(String key) {
			this.key = key;
		}

		public RateLimitFailurePolicy getFailurePolicy() {
			return this.failurePolicy;
		}

		public void setFailurePolicy(RateLimitFailurePolicy failurePolicy) {
			this.failurePolicy = failurePolicy;
		}

		public boolean isLocalFallback() {
			return this.localFallback;
		}

		public void setLocalFallback(boolean localFallback) {
			this.localFallback = localFallback;
		}

	}

}
