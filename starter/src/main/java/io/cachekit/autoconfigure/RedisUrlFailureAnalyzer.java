package io.cachekit.autoconfigure;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;

/**
 * Explains a malformed {@code spring.data.redis.url} by naming the property and where its value came
 * from, including an environment variable placeholder such as {@code ${REDIS_URL}}. Spring Boot's own
 * analysis says the URL is invalid but not which setting to fix.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class RedisUrlFailureAnalyzer implements FailureAnalyzer {

	static final String PROPERTY = "spring.data.redis.url";

	private static final String ATTACHED_SOURCE = "configurationProperties";

	private static final String URL_SYNTAX_EXCEPTION = "DataRedisUrlSyntaxException";

	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.\\-]+)");

	private final Environment environment;

	RedisUrlFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	@Override
	public FailureAnalysis analyze(Throwable failure) {
		Throwable cause = failure;
		while (cause != null && !cause.getClass().getSimpleName().equals(URL_SYNTAX_EXCEPTION)) {
			cause = cause.getCause();
		}
		if (cause == null) {
			return null;
		}
		String url = this.environment.getProperty(PROPERTY);
		StringBuilder description = new StringBuilder(PROPERTY).append(" is not a valid Redis URL: '")
			.append(url)
			.append("'");
		String source = source();
		if (source != null) {
			description.append(" (").append(source).append(")");
		}
		description.append(". ").append(cause.getMessage());
		return new FailureAnalysis(description.toString(), "Set " + PROPERTY
				+ " to redis://[user:password@]host:port[/database] (or rediss:// for TLS), for example redis://localhost:6379.",
				cause);
	}

	private String source() {
		if (!(this.environment instanceof ConfigurableEnvironment configurable)) {
			return null;
		}
		for (PropertySource<?> propertySource : configurable.getPropertySources()) {
			if (ATTACHED_SOURCE.equals(propertySource.getName())) {
				continue;
			}
			Object raw = propertySource.getProperty(PROPERTY);
			if (raw != null) {
				Matcher placeholder = PLACEHOLDER.matcher(raw.toString());
				String from = "set in " + propertySource.getName();
				return placeholder.find() ? "from " + placeholder.group(1) + ", " + from : from;
			}
		}
		return null;
	}

}
