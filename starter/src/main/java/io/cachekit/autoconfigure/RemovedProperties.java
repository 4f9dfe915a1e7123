package io.cachekit.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;

/**
 * Fails startup when the environment still sets a property that an earlier cachekit release had and this one
 * removed or moved, naming its replacement. Without it, such a property would be ignored in silence and the
 * application would run with a default it meant to change (a namespace, a lease time, a breaker's wait).
 * Every form Spring Boot binds is recognized ({@code application.yml}, environment variables, system
 * properties).
 */
final class RemovedProperties {

	/** Removed name pattern ({@code *} is one element, a trailing {@code **} any rest) to what to use instead. */
	private static final Map<String, String> REPLACEMENTS = new LinkedHashMap<>();

	static {
		REPLACEMENTS.put("cachekit.cache.namespace", "cachekit.namespace");
		REPLACEMENTS.put("cachekit.cache.max-key-length", "cachekit.max-key-length");
		for (String moved : new String[] { "single-flight", "lease-time", "lease-wait-timeout", "early-refresh-beta",
				"stale-ttl", "refresh-threads" }) {
			REPLACEMENTS.put("cachekit.cache." + moved, "cachekit.cache.stampede." + moved);
		}
		for (String moved : new String[] { "single-flight", "early-refresh-beta", "stale-ttl" }) {
			REPLACEMENTS.put("cachekit.cache.caches.*." + moved, "cachekit.cache.caches.<name>.stampede." + moved);
		}
		for (String moved : new String[] { "metadata-refresh", "tag-retention", "cleanup-on-clear" }) {
			REPLACEMENTS.put("cachekit.cache." + moved, "cachekit.cache.invalidation." + moved);
		}
		REPLACEMENTS.put("cachekit.cache.resilience.pending-evictions-limit",
				"cachekit.cache.invalidation.pending-evictions-limit");
		REPLACEMENTS.put("cachekit.cache.resilience.replay-interval", "cachekit.cache.invalidation.replay-interval");
		REPLACEMENTS.put("cachekit.cache.resilience.**", "cachekit.resilience.instances.cache.*");
		REPLACEMENTS.put("cachekit.rate-limit.circuit-open-duration",
				"cachekit.resilience.instances.rate-limit.wait-in-open-state");
		REPLACEMENTS.put("cachekit.rate-limit.failure-log-interval",
				"cachekit.resilience.instances.rate-limit.log-interval");
		String namespace = "nothing: every key family is prefixed by cachekit.namespace";
		REPLACEMENTS.put("cachekit.lock.key-prefix", namespace);
		REPLACEMENTS.put("cachekit.rate-limit.key-prefix", namespace);
		REPLACEMENTS.put("cachekit.write-behind.key-prefix", namespace);
	}

	private RemovedProperties() {
	}

	/**
	 * Checks the environment.
	 * @param environment the environment
	 * @throws InvalidConfigurationPropertyValueException for the first removed property set, naming its
	 * replacement
	 */
	static void check(Environment environment) {
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			if (source instanceof IterableConfigurationPropertySource iterable) {
				iterable.filter((name) -> name.toString().startsWith("cachekit.")).stream().forEach((name) -> {
					Map.Entry<String, String> removed = removalOf(name);
					if (removed != null) {
						ConfigurationProperty property = source.getConfigurationProperty(name);
						Object value = (property != null) ? property.getValue() : null;
						String pattern = removed.getKey().replace(".**", ".*").replace(".*.", ".<name>.");
						throw new InvalidConfigurationPropertyValueException(name.toString(), value,
								"cachekit 0.2 removed or moved '" + pattern + "'; use " + removed.getValue()
										+ " instead (see CHANGELOG.md)");
					}
				});
			}
		}
	}

	/**
	 * The removal a property name falls under.
	 * @param name a property name
	 * @return the removed pattern and its replacement, or {@code null} if the name was not removed
	 */
	static Map.Entry<String, String> removalOf(ConfigurationPropertyName name) {
		for (Map.Entry<String, String> removed : REPLACEMENTS.entrySet()) {
			if (matches(removed.getKey().split("\\."), name)) {
				return removed;
			}
		}
		return null;
	}

	private static boolean matches(String[] pattern, ConfigurationPropertyName name) {
		for (int i = 0; i < pattern.length; i++) {
			if (pattern[i].equals("**")) {
				return name.getNumberOfElements() > i;
			}
			if (i >= name.getNumberOfElements()
					|| (!pattern[i].equals("*") && !uniform(pattern[i]).equals(name.getElement(i, Form.UNIFORM)))) {
				return false;
			}
		}
		return name.getNumberOfElements() == pattern.length;
	}

	/** An element as Boot compares them: lower case, without dashes ({@code KEYPREFIX} is {@code key-prefix}). */
	private static String uniform(String element) {
		return element.replace("-", "");
	}

}
