package io.cachekit.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.cachekit.ratelimit.RateLimit;
import io.cachekit.ratelimit.RateLimitRule;
import io.cachekit.web.ClientIpResolver;
import io.cachekit.web.HttpRateLimitRule;
import io.cachekit.web.IpRange;
import io.cachekit.web.RequestKeyResolver;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import org.springframework.web.util.pattern.PatternParseException;

/**
 * Turns {@code cachekit.rate-limit.*} properties into filter rules, failing startup with the
 * offending property's name on bad values.
 */
final class HttpRateLimitRules {

	private static final String PREFIX = "cachekit.rate-limit.";

	private static final Set<String> HTTP_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE",
			"OPTIONS", "TRACE");

	private HttpRateLimitRules() {
	}

	static List<IpRange> trustedProxies(CachekitRateLimitProperties properties) {
		List<IpRange> ranges = new ArrayList<>();
		List<String> proxies = properties.getTrustedProxies();
		for (int i = 0; i < proxies.size(); i++) {
			try {
				ranges.add(IpRange.parse(proxies.get(i)));
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidConfigurationPropertyValueException(PREFIX + "trusted-proxies[" + i + "]",
						proxies.get(i), ex.getMessage());
			}
		}
		return ranges;
	}

	static List<HttpRateLimitRule> rules(CachekitRateLimitProperties properties, ClientIpResolver ipResolver) {
		List<HttpRateLimitRule> rules = new ArrayList<>();
		Set<String> names = new LinkedHashSet<>();
		List<CachekitRateLimitProperties.Rule> configured = properties.getRules();
		for (int i = 0; i < configured.size(); i++) {
			CachekitRateLimitProperties.Rule rule = configured.get(i);
			String property = PREFIX + "rules[" + i + "].";
			String name = (rule.getName() != null && !rule.getName().isBlank()) ? rule.getName().strip()
					: "rule-" + i;
			if (!names.add(name)) {
				throw new InvalidConfigurationPropertyValueException(property + "name", name,
						"Rule names must be unique; another rule is already named '" + name + "'.");
			}
			rules.add(new HttpRateLimitRule(
					new RateLimitRule(name, limit(rule, property), rule.getFailurePolicy(), rule.isLocalFallback()),
					paths(rule, property), methods(rule, property), keyResolver(rule, property, ipResolver)));
		}
		return rules;
	}

	private static RateLimit limit(CachekitRateLimitProperties.Rule rule, String property) {
		if (rule.getLimit() == null || rule.getLimit() <= 0) {
			throw new InvalidConfigurationPropertyValueException(property + "limit", rule.getLimit(),
					"Each rule needs a positive limit, e.g. 100.");
		}
		if (rule.getWindow() == null || rule.getWindow().toMillis() <= 0) {
			throw new InvalidConfigurationPropertyValueException(property + "window", rule.getWindow(),
					"Each rule needs a window of at least 1ms, e.g. 1m.");
		}
		if (rule.getAlgorithm() == null) {
			throw new InvalidConfigurationPropertyValueException(property + "algorithm", null,
					"Choose fixed-window, sliding-window, sliding-window-approximate or token-bucket.");
		}
		return new RateLimit(rule.getLimit(), rule.getWindow(), rule.getAlgorithm());
	}

	private static List<PathPattern> paths(CachekitRateLimitProperties.Rule rule, String property) {
		if (rule.getPath() == null || rule.getPath().isEmpty()) {
			throw new InvalidConfigurationPropertyValueException(property + "path", null,
					"Each rule needs at least one path pattern, e.g. /api/**.");
		}
		List<PathPattern> patterns = new ArrayList<>();
		for (String path : rule.getPath()) {
			try {
				patterns.add(PathPatternParser.defaultInstance.parse(path.strip()));
			}
			catch (PatternParseException ex) {
				throw new InvalidConfigurationPropertyValueException(property + "path", path,
						"Not a valid path pattern: " + ex.getMessage());
			}
		}
		return patterns;
	}

	private static Set<String> methods(CachekitRateLimitProperties.Rule rule, String property) {
		Set<String> methods = new LinkedHashSet<>();
		for (String method : rule.getMethods()) {
			String upper = method.strip().toUpperCase(Locale.ROOT);
			if (!HTTP_METHODS.contains(upper)) {
				throw new InvalidConfigurationPropertyValueException(property + "methods", method,
						"Not an HTTP method; use e.g. GET or POST.");
			}
			methods.add(upper);
		}
		return methods;
	}

	private static RequestKeyResolver keyResolver(CachekitRateLimitProperties.Rule rule, String property,
			ClientIpResolver ipResolver) {
		try {
			return RequestKeyResolver.of(rule.getKey(), ipResolver);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationPropertyValueException(property + "key", rule.getKey(), ex.getMessage());
		}
	}

}
