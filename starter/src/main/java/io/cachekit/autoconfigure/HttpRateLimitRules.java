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
 * Turns {@code cachekit.rate-limit.*} properties, validated once bound (see
 * {@link CachekitRateLimitProperties#validate}), into filter rules. Two checks need web classes and so happen
 * here, in web applications only, failing startup with the property's name: path pattern syntax and the key
 * expression.
 */
final class HttpRateLimitRules {

	private static final String PREFIX = "cachekit.rate-limit.";

	private HttpRateLimitRules() {
	}

	static List<IpRange> trustedProxies(CachekitRateLimitProperties properties) {
		return properties.getTrustedProxies().stream().map(IpRange::parse).toList();
	}

	static List<HttpRateLimitRule> rules(CachekitRateLimitProperties properties, ClientIpResolver ipResolver) {
		List<HttpRateLimitRule> rules = new ArrayList<>();
		List<CachekitRateLimitProperties.Rule> configured = properties.getRules();
		for (int i = 0; i < configured.size(); i++) {
			CachekitRateLimitProperties.Rule rule = configured.get(i);
			String property = PREFIX + "rules[" + i + "].";
			RateLimit limit = new RateLimit(rule.getLimit(), rule.getWindow(), rule.getAlgorithm());
			rules.add(new HttpRateLimitRule(
					new RateLimitRule(properties.ruleName(i), limit, rule.getFailurePolicy(), rule.isLocalFallback()),
					paths(rule, property), methods(rule), keyResolver(rule, property, ipResolver)));
		}
		return rules;
	}

	private static List<PathPattern> paths(CachekitRateLimitProperties.Rule rule, String property) {
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

	private static Set<String> methods(CachekitRateLimitProperties.Rule rule) {
		Set<String> methods = new LinkedHashSet<>();
		for (String method : rule.getMethods()) {
			methods.add(method.strip().toUpperCase(Locale.ROOT));
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
